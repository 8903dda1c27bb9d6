using System.Diagnostics;
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
    private long _lastArrival;
    private TimeSpan _lastGap = TimeSpan.MaxValue;
    private MemoryQueueSettings _settings = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var provider = key[..key.LastIndexOf('/')];
        _settings = ServiceProvider.GetRequiredKeyedService<MemoryQueueSettings>(provider);
        return Task.CompletedTask;
    }

    public Task Enqueue(MemoryQueueMessage message)
    {
        if (_items.Count >= _settings.Capacity)
        {
            throw new InvalidOperationException(
                $"The memory stream queue {this.GetPrimaryKeyString()} holds its capacity of {_settings.Capacity} messages (Mle:Streams:MemoryQueueCapacity): its consumers are not keeping up.");
        }
        _items.Enqueue(new MemoryQueueItem(_next++, message));
        var now = Stopwatch.GetTimestamp();
        _lastGap = Stopwatch.GetElapsedTime(_lastArrival, now);
        _lastArrival = now;
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
            // Woken by a message that came right after the one before: more are on their way. Gathering them for the
            // linger makes one read, one cache entry run and one delivery per consumer of many messages, where answering
            // at once would pay all of that per message; a message after a quiet spell is answered at once.
            if (_items.Count > 0 && _items.Count < maxCount && _lastGap < _settings.Linger)
            {
                await Task.Delay(_settings.Linger, cancellationToken)
                    .ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
            }
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
