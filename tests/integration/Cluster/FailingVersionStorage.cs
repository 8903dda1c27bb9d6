using Orleans.Storage;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// Registry storage over a real one, except that writing a version of a model whose name starts with
/// <see cref="FailingPrefix"/> fails, as a full disk or a lost database connection would.
/// </summary>
internal sealed class FailingVersionStorage(IGrainStorage inner) : IGrainStorage
{
    public const string FailingPrefix = "fail-";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        stateName == "version" && grainId.Key.ToString()!.Contains("/" + FailingPrefix, StringComparison.Ordinal)
            ? Task.FromException(new IOException("The registry's storage is unavailable."))
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
