using Mle.Data;
using Mle.Paging;
using Mle.Registry;

namespace Mle.Client;

/// <summary>
/// Registers models and versions, manages aliases, and scores. Every method that names a version
/// accepts a number (<c>"7"</c>) or an alias (<c>"champion"</c>). Errors are typed:
/// <see cref="Errors.ModelNotFoundException"/>, <see cref="Errors.VersionNotFoundException"/>,
/// <see cref="Errors.AliasNotFoundException"/> (all <see cref="Errors.NotFoundException"/>),
/// <see cref="Errors.ModelAlreadyExistsException"/> and other <see cref="Errors.ConflictException"/>s,
/// <see cref="Errors.SchemaMismatchException"/>, <see cref="Errors.InvalidArtifactException"/>,
/// <see cref="Errors.InvalidRequestException"/>, all <see cref="Errors.MleException"/> with a stable code.
/// Any call may throw <see cref="Errors.TooManyRequestsException"/> when the key is over its request limits
/// (<see cref="Errors.MleException.Limit"/> names which), and a change <see cref="Errors.AuditUnavailableException"/>
/// when the audit log cannot record it (then nothing changed; retry later).
/// </summary>
public interface IModelsClient
{
    /// <summary>Registers a new model name.</summary>
    /// <exception cref="Errors.ModelAlreadyExistsException">The model already exists (<c>model_already_exists</c>).</exception>
    Task<ModelInfo> CreateAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a model with its aliases and version count.</summary>
    Task<ModelInfo> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists models, one page at a time, optionally filtered.</summary>
    Task<Page<ModelInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads an artifact as the model's next version. Its schema is read from the artifact.
    /// A corrupt or oversized artifact registers nothing.
    /// </summary>
    Task<ModelVersionInfo> RegisterVersionAsync(string model, Stream artifact, RegisterVersionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Gets one version by number or alias.</summary>
    Task<ModelVersionInfo> GetVersionAsync(string model, string versionOrAlias, CancellationToken cancellationToken = default);

    /// <summary>Lists a model's versions, newest first, one page at a time.</summary>
    Task<Page<ModelVersionInfo>> ListVersionsAsync(string model, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/>, creating or moving it.</summary>
    Task<ModelInfo> SetAliasAsync(string model, string alias, int version, CancellationToken cancellationToken = default);

    /// <summary>Deletes an alias.</summary>
    Task<ModelInfo> DeleteAliasAsync(string model, string alias, CancellationToken cancellationToken = default);

    /// <summary>Archives a version: it can no longer be served through an alias.</summary>
    Task<ModelVersionInfo> ArchiveVersionAsync(string model, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves a number or alias to a servable version from the local catalog (no call to the model's grain
    /// when cached): what a caller needs to build a batch for <see cref="ScoreAsync(string, string, ColumnBatch, CancellationToken)"/>.
    /// </summary>
    ValueTask<ModelVersionInfo> ResolveAsync(string model, string versionOrAlias, CancellationToken cancellationToken = default);

    /// <summary>Scores a columnar batch with one grain call.</summary>
    /// <exception cref="Errors.SchemaMismatchException">A column is missing or has the wrong type or length.</exception>
    Task<ScoreResult> ScoreAsync(string model, string versionOrAlias, ColumnBatch rows, CancellationToken cancellationToken = default);

    /// <summary>Scores rows given as name/value dictionaries; they are converted to columns by the model's schema.</summary>
    Task<ScoreResult> ScoreAsync(string model, string versionOrAlias, IEnumerable<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellationToken = default);
}
