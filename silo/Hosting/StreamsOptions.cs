using Mle.Streams;

namespace Mle.Silo.Hosting;

/// <summary>The backend of the one stream provider, <c>mle</c> (<c>Mle:Streams</c>).</summary>
public sealed class StreamsOptions
{
    public const string Section = "Mle:Streams";
    public const string Memory = "Memory";
    public const string AzureQueue = "AzureQueue";
    public const string EventHubs = "EventHubs";

    /// <summary>Memory (in-cluster, not persistent), AzureQueue or EventHubs.</summary>
    public string Provider { get; set; } = Memory;

    /// <summary>The Azure Storage (AzureQueue) or Event Hubs namespace connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// AzureQueue: how long a message a silo's pulling agent has read stays invisible to the other silos before it is
    /// delivered and deleted (unset: the service's default, 30 s). After a silo crash, the messages it had read and not
    /// finished come back after this long, to whichever silo pulls that queue now (duplicates are dropped by event id).
    /// Shorter means a faster recovery and more redeliveries of slow batches. Must be positive.
    /// </summary>
    public TimeSpan? QueueVisibilityTimeout { get; set; }

    /// <summary>
    /// How long a silo's pulling agent keeps retrying to deliver a stream batch to a consumer that fails or does not
    /// answer (typically: a grain whose silo has just died, until membership declares it dead and the grain activates
    /// elsewhere) before it gives up on that batch. Giving up skips the batch, the only way a persistent stream
    /// (AzureQueue, EventHubs) would drop an acknowledged event, so this is far longer than failure detection plus the
    /// 30 s response timeout; the platform's consumers never fail for a bad event (those go to dead letters), only for
    /// an unavailable cluster. Orleans' own default, 1 minute, lost events in a kill-and-restart test. At least 1 minute.
    /// </summary>
    public TimeSpan MaxEventDeliveryTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a silo's pulling agent waits before reading its queue again once a read found it empty. On AzureQueue
    /// and EventHubs (Orleans' 100 ms by default: a read is a request to a billed service) it is the most a stream message
    /// waits in its queue before delivery, on every hop. On <see cref="Memory"/> (10 ms by default) a read of an empty
    /// queue itself waits up to <see cref="MemoryReadWait"/> and answers as soon as a message arrives, so this is only the
    /// pause between two such waits (and the retry pace while the agent's cache is full): a message waits for it only if
    /// it arrives in that pause. From 1 ms to 1 minute.
    /// </summary>
    public TimeSpan? PollPeriod { get; set; }

    /// <summary>The poll period <see cref="PollPeriod"/> sets, or the backend's default.</summary>
    public TimeSpan EffectivePollPeriod => PollPeriod
        ?? (string.Equals(Provider, Memory, StringComparison.OrdinalIgnoreCase) ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromMilliseconds(100));

    /// <summary>
    /// <see cref="Memory"/>: how many queues the streams are spread over (default 2, 1 to 64; Orleans' own default is 8).
    /// Each queue has one pulling agent, on one silo, reading it: an agent delivers to the consumers of its streams
    /// concurrently, so one silo does not need more; more queues spread the reading over more silos.
    /// </summary>
    public int MemoryQueues { get; set; } = 2;

    /// <summary>
    /// <see cref="Memory"/>: how long a pulling agent's read of an empty queue waits for a message (default 1 s, 0 to 10 s).
    /// A message queued meanwhile is answered at once, so delivery waits for no poll, and an idle silo reads each queue
    /// once per wait rather than every <see cref="PollPeriod"/>. 0 turns the wait off: every read answers at once, and the
    /// agent reads every <see cref="PollPeriod"/> (Orleans' own memory streams' polling). Below the grain call timeout.
    /// </summary>
    public TimeSpan MemoryReadWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <see cref="Memory"/>: when a waiting read is woken by a message that came less than this after the one before
    /// (a busy queue), how long it goes on gathering before it answers (default 2 ms, 0 to 100 ms; 0: never). Under load
    /// one read, and one delivery per consumer, then carries many messages instead of one each, which is what makes many
    /// small pushes cost about what a few large ones do; a message after a quiet spell is still answered at once.
    /// </summary>
    public TimeSpan MemoryReadLinger { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// <see cref="Memory"/>: how many producer calls (stream messages) one queue holds before its agent takes them
    /// (default 16,384, Orleans' own bound, 1 to 1,000,000). A producer beyond it fails, naming this setting: the queue's
    /// consumers are not keeping up, and queued messages are memory that a crash loses.
    /// </summary>
    public int MemoryQueueCapacity { get; set; } = 16_384;

    /// <summary>The embedded backend's shape these settings give (<see cref="Memory"/>).</summary>
    public MemoryQueueSettings MemoryQueueSettings =>
        new(MemoryQueues, MemoryReadWait, MemoryReadLinger, MemoryQueueCapacity, Orleans.Configuration.SimpleQueueCacheOptions.DEFAULT_CACHE_SIZE);

    /// <summary>
    /// How many queued stream messages of one stream a pulling agent hands its consumer in one call (default 32, 1 to
    /// 1,000; Orleans' own default is 1). A consumer that takes items one at a time still gets them one at a time, in
    /// order, in one grain call instead of one each; a batch consumer (a pipeline's partition) gets them together and
    /// processes them together, so a backlog of small pushes costs one call, not one per push. A failed call is retried
    /// whole: consumers are idempotent (event ids), as delivery is at least once anyway.
    /// </summary>
    public int DeliveryBatchSize { get; set; } = 32;

    /// <summary>EventHubs: the hub's name.</summary>
    public string? EventHubName { get; set; }

    /// <summary>EventHubs: the consumer group the silos read with.</summary>
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>EventHubs: the Azure Storage connection string where partition checkpoints are kept.</summary>
    public string? CheckpointConnectionString { get; set; }
}
