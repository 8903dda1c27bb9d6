using Mle.Audit;
using Mle.Security;

namespace Mle.Features;

/// <summary>
/// A feature set's definition (key <c>{tenant}/{name}</c>) and its versions. Evolution only adds: new raw features
/// and new aggregates (entity state is kept; a new aggregate's windows fill from the events applied after it was
/// added, or from existing tiles of the same feature and hop). Removing or retyping a feature, changing an
/// aggregate's feature, function, window, hop or n, or changing the entity key is refused with
/// <c>feature_change_rejected</c>; max ages, lateness, retention and the description may change.
/// </summary>
public interface IFeatureSetGrain : IGrainWithStringKey
{
    /// <summary>Creates version 1. Throws <c>feature_set_already_exists</c> when the set exists, <c>invalid_feature_set</c> when the spec is invalid.</summary>
    [Requires(Permission.DefineFeatures)]
    [Audited(AuditActions.FeatureSetCreate, "featuresets/{name}")]
    Task<FeatureSetInfo> Create(FeatureSetSpec spec);

    /// <summary>
    /// Makes <paramref name="spec"/> the next version if it only adds (see the interface); the same spec again returns the
    /// current version unchanged.
    /// </summary>
    [Requires(Permission.DefineFeatures)]
    [Audited(AuditActions.FeatureSetEvolve, "featuresets/{name}")]
    Task<FeatureSetInfo> Evolve(FeatureSetSpec spec);

    /// <summary>The current version. Throws <c>feature_set_not_found</c>.</summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<FeatureSetInfo> Get();

    /// <summary>Every version, oldest first. Throws <c>feature_set_not_found</c>.</summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<IReadOnlyList<FeatureSetInfo>> Versions();

    /// <summary>The current version, or null when the set does not exist: what each silo's definition cache reads.</summary>
    [AlwaysInterleave]
    Task<FeatureSetInfo?> Find();
}
