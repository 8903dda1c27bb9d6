using Mle.Security;

namespace Mle.Registry;

/// <summary>
/// One immutable model version (key <c>{tenant}/{model}/{version}</c>): artifact, flavor, schema,
/// metrics, lineage and status. Written only by its <see cref="IModelGrain"/>.
/// </summary>
public interface IModelVersionGrain : IGrainWithStringKey
{
    /// <summary>Records the version. Idempotent for the same content; a Ready version never changes.</summary>
    Task<ModelVersionInfo> Initialize(ModelVersionInfo info);

    /// <summary>Throws <c>version_not_found</c> unless initialized.</summary>
    [AlwaysInterleave]
    [Requires(Permission.Score)]
    Task<ModelVersionInfo> Get();

    Task<ModelVersionInfo> SetArchived(bool archived);
}
