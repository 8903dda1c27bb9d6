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

    /// <summary>EventHubs: the hub's name.</summary>
    public string? EventHubName { get; set; }

    /// <summary>EventHubs: the consumer group the silos read with.</summary>
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>EventHubs: the Azure Storage connection string where partition checkpoints are kept.</summary>
    public string? CheckpointConnectionString { get; set; }
}
