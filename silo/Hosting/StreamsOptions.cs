namespace Mle.Silo.Hosting;

/// <summary>The backend of the one stream provider, <c>mle</c> (<c>Mle:Streams</c>).</summary>
public sealed class StreamsOptions
{
    public const string Memory = "Memory";
    public const string AzureQueue = "AzureQueue";
    public const string EventHubs = "EventHubs";
    public static readonly IReadOnlyList<string> Providers = [Memory, AzureQueue, EventHubs];

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

    internal void Validate(ICollection<string> failures, string section)
    {
        ProviderChoice.Check(failures, $"{section}:Provider", Provider, Providers);
        if (ProviderChoice.Is(Provider, Memory))
        {
            return;
        }

        ProviderChoice.Require(failures, $"{section}:ConnectionString", ConnectionString, $"by the {Provider} stream provider");
        if (ProviderChoice.Is(Provider, EventHubs))
        {
            ProviderChoice.Require(failures, $"{section}:EventHubName", EventHubName, "by the EventHubs stream provider");
            ProviderChoice.Require(failures, $"{section}:ConsumerGroup", ConsumerGroup, "by the EventHubs stream provider");
            ProviderChoice.Require(failures, $"{section}:CheckpointConnectionString", CheckpointConnectionString, "by the EventHubs stream provider");
        }
    }
}
