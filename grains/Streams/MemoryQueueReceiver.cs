using Orleans.Streams;

namespace Mle.Streams;

/// <summary>
/// Reads one memory stream queue for its pulling agent. A read long-polls the queue grain: it answers as soon as a
/// message is queued, or empty after <see cref="MemoryQueueSettings.ReadWait"/>; the agent reads again at once after a
/// read that found messages, and one poll period after an empty one. So a message waits for no timer while the agent
/// is reading, and an idle queue costs one read per wait. Cancelled (the agent stopping), a read answers nothing.
/// </summary>
internal sealed class MemoryQueueReceiver(IMemoryQueueGrain queue, TimeSpan wait) : IQueueAdapterReceiver
{
    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        MemoryQueueItem[] items;
        try
        {
            items = await queue.Dequeue(maxCount, wait, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent stopping (or handing the queue over) cancels the wait: an ordinary end, not a failed read to
            // retry and log. A cancelled wait takes nothing from the queue, so the next owner reads what arrives.
            return [];
        }
        var batches = new IBatchContainer[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            batches[i] = new MemoryQueueBatch(items[i]);
        }
        return batches;
    }

    // Nothing to acknowledge: a message left its queue when it was read (memory: at most once across a crash).
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;
}
