using Mle.Features;
using Mle.Paging;

namespace Mle.Client;

/// <summary>
/// The feature mart: feature sets, pushing events and looking features up, now or as of a past time. Errors are
/// typed like the rest of the SDK: <see cref="Errors.FeatureSetNotFoundException"/> (a <see cref="Errors.NotFoundException"/>),
/// <see cref="Errors.FeatureSetAlreadyExistsException"/> and <c>feature_change_rejected</c>
/// (<see cref="Errors.ConflictException"/>s), <see cref="Errors.InvalidRequestException"/> for bad definitions,
/// events and lookups (<c>invalid_feature_set</c>, <c>invalid_event</c>, <c>unknown_feature</c>,
/// <c>feature_type_mismatch</c>, <c>too_many_events</c>, ...), all <see cref="Errors.MleException"/> with a stable code.
/// Cancelling stops the wait, not a call already sent.
/// </summary>
public interface IFeaturesClient
{
    /// <summary>Creates a feature set (version 1).</summary>
    /// <exception cref="Errors.FeatureSetAlreadyExistsException">The set already exists.</exception>
    Task<FeatureSetInfo> CreateAsync(string name, FeatureSetSpec spec, CancellationToken cancellationToken = default);

    /// <summary>
    /// Evolves a feature set to <paramref name="spec"/>: features and aggregates may be added (entity state is kept);
    /// removing or changing one throws a <see cref="Errors.ConflictException"/> <c>feature_change_rejected</c>.
    /// </summary>
    Task<FeatureSetInfo> EvolveAsync(string name, FeatureSetSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Gets a feature set's current definition.</summary>
    Task<FeatureSetInfo> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the tenant's feature sets, one page at a time.</summary>
    Task<Page<FeatureSetInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a batch of events, idempotently by event id. The whole batch is validated first: one bad event
    /// throws and nothing is applied. Returns once every entity acknowledged (durably, in write-through).
    /// </summary>
    Task<PushResult> PushAsync(string featureSet, IReadOnlyList<FeatureEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Looks up <paramref name="features"/> of <paramref name="entities"/> (in parallel), at <paramref name="asOf"/>
    /// (within the set's retention) or now; one row per entity, in order, each value with its status and event time.
    /// </summary>
    Task<FeatureLookupResult> LookupAsync(
        string featureSet, IReadOnlyList<string> entities, IReadOnlyList<string> features, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default);
}
