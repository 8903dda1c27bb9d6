namespace Mle.Streams;

/// <summary>
/// One queue of the embedded (memory) stream backend, <c>{provider}/{queue}</c>: producers on any silo append to it,
/// and the pulling agent that owns the queue takes from it. Internal to the cluster (no <c>Requires</c>: refused to
/// clients).
/// </summary>
public interface IMemoryQueueGrain : IGrainWithStringKey
{
    /// <summary>Appends one producer call's events; fails when the queue holds its capacity of messages.</summary>
    Task Enqueue(MemoryQueueMessage message);

    /// <summary>
    /// Takes up to <paramref name="maxCount"/> messages, oldest first. On an empty queue it waits up to
    /// <paramref name="wait"/> for the next <see cref="Enqueue"/> and answers as soon as one arrives (a long poll), so
    /// a message is delivered without waiting for the next read, and an idle queue is read once per wait instead of
    /// once per poll period. A cancelled wait answers nothing and leaves the queue as it is.
    /// </summary>
    Task<MemoryQueueItem[]> Dequeue(int maxCount, TimeSpan wait, CancellationToken cancellationToken = default);
}
