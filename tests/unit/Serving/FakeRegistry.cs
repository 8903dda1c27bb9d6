using System.Collections.Concurrent;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;
using Mle.Serving;

namespace Mle.Tests.Unit.Serving;

/// <summary>
/// A registry a test controls: it answers with the snapshot it was given, or holds a read open until the test
/// releases it (a model grain busy), or fails; and it counts reads.
/// </summary>
internal sealed class FakeRegistry : IRegistryReader
{
    private readonly ConcurrentDictionary<string, ServingSnapshot> _snapshots = new();
    private TaskCompletionSource? _gate;
    private Exception? _failure;
    private int _snapshotReads;
    private int _versionReads;

    public int SnapshotReads => Volatile.Read(ref _snapshotReads);

    public int VersionReads => Volatile.Read(ref _versionReads);

    public void Set(ServingSnapshot snapshot) => _snapshots[snapshot.Model] = snapshot;

    /// <summary>From now on reads wait until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _gate, null)?.SetResult();

    public void Fail(Exception? failure) => _failure = failure;

    public async Task<ServingSnapshot> ReadSnapshot(ModelRef model)
    {
        Interlocked.Increment(ref _snapshotReads);
        // What the registry holds is decided when the read reaches it, not when it returns.
        _snapshots.TryGetValue(model.Model, out var snapshot);
        var failure = _failure;
        if (_gate is { } gate)
        {
            await gate.Task;
        }
        if (failure is not null)
        {
            throw failure;
        }
        return snapshot ?? throw MleErrors.ModelNotFound(model.Model);
    }

    public Task<ModelVersionInfo> ReadVersion(ModelVersionRef version)
    {
        Interlocked.Increment(ref _versionReads);
        return Task.FromResult(Snapshots.Version(version.Model, version.Version));
    }
}
