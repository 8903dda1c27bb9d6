using Mle.Data;
using Mle.Errors;
using Mle.Naming;
using Mle.Paging;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;

namespace Mle.Client;

/// <summary>
/// <see cref="IModelsClient"/> over an <see cref="IGrainFactory"/>. Registry calls go to the model's grain;
/// resolving and scoring go through <paramref name="serving"/>, the platform's one serving seam (the same one the
/// REST gateway uses): the version is resolved in a local catalog, then one call goes to the scoring worker.
/// Orleans calls take no <see cref="CancellationToken"/>: cancelling stops the wait, not the call already sent.
/// </summary>
/// <param name="grains">The silo's grain factory (co-hosted) or the cluster client (out of process).</param>
/// <param name="serving">Resolves versions without calling the model grain, and dispatches rows to scoring workers.</param>
/// <param name="clientOptions">The tenant and the client-side limits.</param>
public sealed class ModelsClient(IGrainFactory grains, IModelServing serving, MleClientOptions clientOptions) : IModelsClient
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    /// <inheritdoc />
    public Task<ModelInfo> CreateAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        Model(name).Create(new CreateModel(description, tags ?? NoTags)).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<ModelInfo> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Model(name).Get().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<Page<ModelInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IModelDirectoryGrain>(clientOptions.Tenant).List(page ?? new PageRequest()).WaitAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The bytes go to the silo's <see cref="IVersionRegistrarGrain"/>, which stores and inspects them outside the
    /// model's grain; the call's timeout is sized for the largest artifact, not Orleans' default 30 seconds.
    /// The returned version is always Ready. With <see cref="RegisterVersionOptions.IdempotencyKey"/>, retrying
    /// after a timeout or a lost connection returns the version the first attempt registered.
    /// </remarks>
    /// <exception cref="InvalidArtifactException">The stream is longer than <see cref="MleClientOptions.MaxArtifactBytes"/> (<c>artifact_too_large</c>), or not a model.</exception>
    /// <exception cref="VersionRecordFailedException">The silo could not record the version (<c>version_record_failed</c>); nothing is servable, retrying is safe.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The idempotency key was used for another artifact of this model.</exception>
    /// <exception cref="TooManyUploadsException">The silo is receiving as many uploads as it allows; retry later.</exception>
    public async Task<ModelVersionInfo> RegisterVersionAsync(string model, Stream artifact, RegisterVersionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var key = ModelRef.Create(clientOptions.Tenant, model).Key;
        var bytes = await ReadBounded(artifact, clientOptions.MaxArtifactBytes, cancellationToken).ConfigureAwait(false);
        var request = new RegisterVersion(
            bytes,
            options?.Flavor,
            options?.Description,
            options?.Metrics ?? NoMetrics,
            options?.Tags ?? NoTags,
            options?.Lineage ?? Lineage.None,
            options?.IdempotencyKey);
        return await grains.GetGrain<IVersionRegistrarGrain>(0).Register(key, request).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<ModelVersionInfo> GetVersionAsync(string model, string versionOrAlias, CancellationToken cancellationToken = default)
    {
        var grain = Model(model);
        return grain.GetVersion(VersionSelector.Parse(versionOrAlias).ToString()).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<Page<ModelVersionInfo>> ListVersionsAsync(string model, PageRequest? page = null, CancellationToken cancellationToken = default) =>
        Model(model).ListVersions(page ?? new PageRequest()).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<ModelInfo> SetAliasAsync(string model, string alias, int version, CancellationToken cancellationToken = default) =>
        Changing(model, grain => grain.SetAlias(Names.RequireAlias(alias), version), cancellationToken);

    /// <inheritdoc />
    public Task<ModelInfo> DeleteAliasAsync(string model, string alias, CancellationToken cancellationToken = default) =>
        Changing(model, grain => grain.DeleteAlias(Names.RequireAlias(alias)), cancellationToken);

    /// <inheritdoc />
    public Task<ModelVersionInfo> ArchiveVersionAsync(string model, int version, CancellationToken cancellationToken = default) =>
        Changing(model, grain => grain.ArchiveVersion(version), cancellationToken);

    /// <inheritdoc />
    public ValueTask<ModelVersionInfo> ResolveAsync(string model, string versionOrAlias, CancellationToken cancellationToken = default) =>
        serving.Resolve(ModelRef.Create(clientOptions.Tenant, model), VersionSelector.Parse(versionOrAlias), cancellationToken);

    /// <inheritdoc />
    public async Task<ScoreResult> ScoreAsync(string model, string versionOrAlias, ColumnBatch rows, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(model, versionOrAlias, cancellationToken).ConfigureAwait(false);
        return await Score(version, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ScoreResult> ScoreAsync(string model, string versionOrAlias, IEnumerable<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(model, versionOrAlias, cancellationToken).ConfigureAwait(false);
        var schema = version.Schema ?? throw MleErrors.VersionNotReady(version.Model, version.Version, "without a schema");
        return await Score(version, RowsToColumns.Convert(schema, rows), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ScoreResult> Score(ModelVersionInfo version, ColumnBatch rows, CancellationToken cancellationToken)
    {
        var predictions = await serving.Score(version, rows, cancellationToken).ConfigureAwait(false);
        return new ScoreResult(version.Model, version.Version, predictions);
    }

    /// <summary>
    /// Makes a change that moves what a request is served by, then refreshes this client's catalog so that the
    /// caller's next score sees its own change.
    /// </summary>
    private async Task<T> Changing<T>(string model, Func<IModelGrain, Task<T>> change, CancellationToken cancellationToken)
    {
        var result = await change(Model(model)).WaitAsync(cancellationToken).ConfigureAwait(false);
        await serving.Refresh(ModelRef.Create(clientOptions.Tenant, model), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private IModelGrain Model(string name) => grains.GetGrain<IModelGrain>(ModelRef.Create(clientOptions.Tenant, name).Key);

    /// <summary>Reads the whole stream, failing as soon as it is known to exceed <paramref name="limit"/>.</summary>
    private static async Task<byte[]> ReadBounded(Stream artifact, long limit, CancellationToken cancellationToken)
    {
        if (artifact.CanSeek && artifact.Length - artifact.Position > limit)
        {
            throw MleErrors.ArtifactTooLarge(artifact.Length - artifact.Position, limit);
        }
        using var buffer = artifact.CanSeek ? new MemoryStream((int)(artifact.Length - artifact.Position)) : new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await artifact.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw MleErrors.ArtifactTooLarge(buffer.Length + read, limit);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
