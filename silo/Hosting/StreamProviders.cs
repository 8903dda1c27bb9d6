using Azure.Data.Tables;
using Azure.Storage.Queues;
using Mle.Configuration;
using Mle.Streams;

namespace Mle.Silo.Hosting;

/// <summary>Every backend of the one stream provider, <see cref="StreamNames.Provider"/>, by the name <c>Mle:Streams:Provider</c> gives it.</summary>
internal static class StreamProviders
{
    private static readonly RequiredSetting<StreamsOptions> ConnectionString = new(nameof(StreamsOptions.ConnectionString), o => o.ConnectionString);

    public static readonly IReadOnlyList<StreamProvider> All =
    [
        new(StreamsOptions.Memory, [], (silo, _) => silo.AddMemoryStreams(StreamNames.Provider)),
        new(StreamsOptions.AzureQueue, [ConnectionString], (silo, options) =>
            silo.AddAzureQueueStreams(StreamNames.Provider, queue =>
                queue.Configure(azure => azure.QueueServiceClient = new QueueServiceClient(options.ConnectionString)))),
        new(StreamsOptions.EventHubs,
            [
                ConnectionString,
                new(nameof(StreamsOptions.EventHubName), o => o.EventHubName),
                new(nameof(StreamsOptions.ConsumerGroup), o => o.ConsumerGroup),
                new(nameof(StreamsOptions.CheckpointConnectionString), o => o.CheckpointConnectionString),
            ],
            (silo, options) => silo.AddEventHubStreams(
                StreamNames.Provider,
                hub => hub.ConfigureEventHubConnection(options.ConnectionString!, options.EventHubName!, options.ConsumerGroup),
                checkpoints => checkpoints.TableServiceClient = new TableServiceClient(options.CheckpointConnectionString))),
    ];

    public static StreamProvider? Find(string? name) =>
        All.FirstOrDefault(provider => string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase));
}
