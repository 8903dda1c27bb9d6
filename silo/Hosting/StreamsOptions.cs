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

    /// <summary>EventHubs: the hub's name.</summary>
    public string? EventHubName { get; set; }

    /// <summary>EventHubs: the consumer group the silos read with.</summary>
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>EventHubs: the Azure Storage connection string where partition checkpoints are kept.</summary>
    public string? CheckpointConnectionString { get; set; }
}
