using Microsoft.Extensions.DependencyInjection;

namespace Mle.Streams;

/// <summary>
/// A queue of the embedded stream backend. Reentrant so that an <see cref="Enqueue"/> runs while the owning agent's
/// <see cref="Dequeue"/> waits, and wakes it. Its messages live in this activation's memory only: a crash of its silo
/// loses them (the memory backend's stated guarantee); a migration carries them along.
/// </summary>
[Reentrant]
internal sealed class MemoryQueueGrain : Grain, IMemoryQueueGrain, IGrainMigrationParticipant
{
    private const string QueueKey = "queue";
    private const string NextKey = "next";

    private Queue<MemoryQueueItem> _items = new();
    // Starts from the clock, as a reactivated queue's numbers must not go below the ones a cache still holds.
    private long _next = DateTime.UtcNow.Ticks;
    private TaskCompletionSource? _arrival;
    private int _capacity;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var provider = key[..key.LastIndexOf('/')];
        _capacity = ServiceProvider.GetRequiredKeyedService<MemoryQueueSettings>(provider).Capacity;
        return Task.CompletedTask;
    }

    public Task Enqueue(MemoryQueueMessage message)
    {
        if (_items.Count >= _capacity)
        {
            throw new InvalidOperationException(
                $"The memory stream queue {this.GetPrimaryKeyString()} holds its capacity of {_capacity} messages (Mle:Streams:MemoryQueueCapacity): its consumers are not keeping up.");
        }
        _items.Enqueue(new MemoryQueueItem(_next++, message));
        if (_arrival is { } arrival)
        {
            _arrival = null;
            arrival.TrySetResult();
        }
        return Task.CompletedTask;
    }

    public async Task<MemoryQueueItem[]> Dequeue(int maxCount, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (_items.Count == 0 && wait > TimeSpan.Zero)
        {
            _arrival ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Back on this activation's scheduler whether it arrived, timed out or was cancelled.
            await _arrival.Task.WaitAsync(wait, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        }
        if (_items.Count == 0 || cancellationToken.IsCancellationRequested)
        {
            return [];
        }
        var taken = new MemoryQueueItem[Math.Min(_items.Count, maxCount <= 0 ? int.MaxValue : maxCount)];
        for (var i = 0; i < taken.Length; i++)
        {
            taken[i] = _items.Dequeue();
        }
        return taken;
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext dehydrationContext)
    {
        dehydrationContext.TryAddValue(QueueKey, _items.ToArray());
        dehydrationContext.TryAddValue(NextKey, _next);
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue<MemoryQueueItem[]>(QueueKey, out var items) && items is not null)
        {
            _items = new Queue<MemoryQueueItem>(items);
        }
        if (rehydrationContext.TryGetValue<long>(NextKey, out var next))
        {
            _next = Math.Max(_next, next);
        }
    }
}
