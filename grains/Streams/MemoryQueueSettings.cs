namespace Mle.Streams;

/// <summary>
/// The embedded stream backend's shape, from <c>Mle:Streams</c> (documented there): how many queues, how long a read
/// of an empty queue waits for a message, how many messages a queue holds, and how many a silo's agent caches per queue.
/// </summary>
public sealed record MemoryQueueSettings(int Queues, TimeSpan ReadWait, int Capacity, int CacheSize);
