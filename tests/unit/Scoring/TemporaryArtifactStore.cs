using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Registry;

namespace Mle.Tests.Unit.Scoring;

/// <summary>
/// The real filesystem artifact store in a fresh temporary folder, removed on dispose. Opens can be held
/// back behind a gate, so tests can make many requests overlap one load without timing tricks.
/// </summary>
internal sealed class TemporaryArtifactStore : IArtifactStore, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mle-scoring-tests", Guid.NewGuid().ToString("N"));
    private readonly FileSystemArtifactStore _store;
    private readonly TaskCompletionSource _firstOpen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _gate = Task.CompletedTask;
    private int _opens;

    public TemporaryArtifactStore() =>
        _store = new FileSystemArtifactStore(Options.Create(new FileSystemArtifactStoreOptions { Root = _root }));

    public int Opens => Volatile.Read(ref _opens);

    /// <summary>Completes when the first <see cref="Open"/> has begun, so a test can wait for it instead of polling.</summary>
    public Task FirstOpen => _firstOpen.Task;

    /// <summary>Holds every later <see cref="Open"/> until the returned source completes.</summary>
    public TaskCompletionSource HoldOpens()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = gate.Task;
        return gate;
    }

    public Task<ArtifactRef> Put(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        _store.Put(content, cancellationToken);

    public Task<IStagedArtifact> Stage(Stream content, long maxBytes, CancellationToken cancellationToken = default) =>
        _store.Stage(content, maxBytes, cancellationToken);

    public async Task<Stream> Open(ArtifactRef artifact, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _opens);
        _firstOpen.TrySetResult();
        await _gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return await _store.Open(artifact, cancellationToken);
    }

    public Task<bool> Exists(string sha256, CancellationToken cancellationToken = default) => _store.Exists(sha256, cancellationToken);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
