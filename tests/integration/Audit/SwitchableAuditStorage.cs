using System.Collections.Concurrent;
using Orleans.Storage;

namespace Mle.Tests.Integration.Audit;

/// <summary>
/// The audit logs' storage, in memory, whose writes fail when a test says, as a full disk or a lost database would:
/// all of them (<see cref="FailAll"/>), or all after the next few (<see cref="FailAfter"/>).
/// </summary>
internal sealed class SwitchableAuditStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    // It replaces a provider that takes part in the silo's lifecycle (the embedded storage drains its group
    // commit at stop), and Orleans resolves that participant from the same keyed service; memory has nothing to drain.
    public void Participate(ISiloLifecycle lifecycle)
    {
    }

    private readonly ConcurrentDictionary<(string, GrainId), object?> _states = new();
    private int _writesLeft = int.MaxValue;

    public void FailAll() => Volatile.Write(ref _writesLeft, 0);

    public void FailAfter(int writes) => Volatile.Write(ref _writesLeft, writes);

    public void Heal() => Volatile.Write(ref _writesLeft, int.MaxValue);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((stateName, grainId), out var state) && state is T typed)
        {
            grainState.State = Copy(typed);
            grainState.RecordExists = true;
            grainState.ETag = "1";
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Interlocked.Decrement(ref _writesLeft) < 0)
        {
            Volatile.Write(ref _writesLeft, 0);
            return Task.FromException(new IOException("The audit storage is unavailable."));
        }
        _states[(stateName, grainId)] = Copy(grainState.State);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.TryRemove((stateName, grainId), out _);
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    // What storage holds must not change with the grain's state in memory.
    private static T Copy<T>(T state) =>
        System.Text.Json.JsonSerializer.Deserialize<T>(System.Text.Json.JsonSerializer.Serialize(state))!;
}
