using Mle.Audit;
using Mle.Paging;
using Mle.Security;

namespace Mle.Registry;

/// <summary>
/// A registered model (key <c>{tenant}/{model}</c>): description, tags, the list of versions and the aliases.
/// Not on the scoring path: silos read a <see cref="ServingSnapshot"/> into their catalog instead.
/// </summary>
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Registers the model name. Throws <c>model_already_exists</c> when it exists.</summary>
    [Requires(Permission.Register)]
    [Audited(AuditActions.ModelCreate, "models/{name}")]
    Task<ModelInfo> Create(CreateModel request);

    /// <summary>
    /// Throws <c>model_not_found</c> unless the model was created. Interleaves: the gateway asks it before
    /// reading an upload's body, and must not wait behind another registration's turn.
    /// </summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<ModelInfo> Get();

    /// <summary>
    /// Records a version whose artifact is already stored and inspected (see <see cref="IVersionRegistrarGrain"/>
    /// and the gateway's upload route): validates the metadata, takes the next number, writes the version and
    /// marks it Ready. The only work in this grain's turn is those writes.
    /// With an <see cref="RecordVersion.IdempotencyKey"/> seen before, returns that version (same artifact) or
    /// throws <c>idempotency_key_reused</c> (another artifact).
    /// </summary>
    /// <exception cref="Errors.VersionRecordFailedException">The version grain's write failed; the number is marked Failed.</exception>
    Task<ModelVersionInfo> RecordVersion(RecordVersion request);

    /// <summary>
    /// The version an earlier upload with <paramref name="idempotencyKey"/> registered, or null when the key is
    /// unknown (or expired). Throws <c>idempotency_key_reused</c> when that upload had another artifact.
    /// Lets a retry skip inspection and storage.
    /// </summary>
    [AlwaysInterleave]
    Task<ModelVersionInfo?> FindIdempotentUpload(string idempotencyKey, string sha256);

    /// <summary>Resolves a number or alias (<c>7</c>, <c>champion</c>) to the version's details.</summary>
    [Requires(Permission.Read)]
    Task<ModelVersionInfo> GetVersion(string versionOrAlias);

    [Requires(Permission.Read)]
    Task<Page<ModelVersionInfo>> ListVersions(PageRequest page);

    /// <summary>Sets or moves an alias. The version must be Ready and not archived.</summary>
    [Requires(Permission.Deploy)]
    [Audited(AuditActions.AliasSet, "models/{name}/aliases/{0}")]
    Task<ModelInfo> SetAlias(string alias, int version);

    /// <summary>Removes an alias. Throws <c>alias_not_found</c> when it does not exist.</summary>
    [Requires(Permission.Deploy)]
    [Audited(AuditActions.AliasDelete, "models/{name}/aliases/{0}")]
    Task<ModelInfo> DeleteAlias(string alias);

    /// <summary>Archives a version: aliases can no longer point at it (those that did are removed).</summary>
    [Requires(Permission.Deploy)]
    [Audited(AuditActions.VersionArchive, "models/{name}/versions/{0}")]
    Task<ModelVersionInfo> ArchiveVersion(int version);

    /// <summary>
    /// The routing facts every silo caches: aliases and servable versions. Interleaves with every other call,
    /// so a catalog refresh is answered while a registration or an alias move of the same model is in progress
    /// (the state it reads is consistent between awaits: a version in progress shows as Pending).
    /// </summary>
    [AlwaysInterleave]
    [Requires(Permission.Score)]
    Task<ServingSnapshot> GetServingSnapshot();
}
