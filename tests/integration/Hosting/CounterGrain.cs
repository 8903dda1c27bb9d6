using Mle.Configuration;
using Orleans.Runtime;

namespace Mle.Tests.Integration.Hosting;

/// <summary>A test-only grain whose state lives in the registry's storage, to observe durability across restarts.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();
}

[GenerateSerializer]
public sealed record CounterState
{
    [Id(0)] public int Count { get; init; }
}

public sealed class CounterGrain([PersistentState("counter", StorageNames.Registry)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        counter.State = counter.State with { Count = counter.State.Count + 1 };
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Count);
}
