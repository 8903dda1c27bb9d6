namespace Mle.Streams;

/// <summary>
/// The embedded stream backend's shape, from <c>Mle:Streams</c> (documented there): how many queues, how long a read
/// of an empty queue waits for a message, how long a read woken by back-to-back messages gathers more, how many messages
/// a queue holds, and how many a silo's agent caches per queue.
/// </summary>
public sealed record MemoryQueueSettings(int Queues, TimeSpan ReadWait, TimeSpan Linger, int Capacity, int CacheSize);
