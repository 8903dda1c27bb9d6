using Azure.Data.Tables;
using Azure.Storage.Queues;
using Mle.Configuration;
using Mle.Silo.Hosting.Backends;
using Mle.Streams;

namespace Mle.Silo.Hosting;

/// <summary>Every backend of the one stream provider, <see cref="StreamNames.Provider"/>, by the name <c>Mle:Streams:Provider</c> gives it.</summary>
internal static class StreamProviders
{
    private const string Setting = $"{StreamsOptions.Section}:{nameof(StreamsOptions.ConnectionString)}";
    private static readonly RequiredSetting<StreamsOptions> ConnectionString = new(nameof(StreamsOptions.ConnectionString), o => o.ConnectionString);

    public static readonly IReadOnlyList<StreamProvider> All =
    [
        new(StreamsOptions.Memory, [], (silo, options) => silo.AddMleMemoryStreams(StreamNames.Provider, options.MemoryQueueSettings)),
        new(StreamsOptions.AzureQueue, [ConnectionString], (silo, options) =>
            silo.AddAzureQueueStreams(StreamNames.Provider, queue =>
                queue.Configure(azure =>
                {
                    azure.QueueServiceClient = new QueueServiceClient(options.ConnectionString);
                    azure.MessageVisibilityTimeout = options.QueueVisibilityTimeout;
                })),
            options => [BackendReach.AzureQueues(Setting, options.ConnectionString!)]),
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
                checkpoints => checkpoints.TableServiceClient = new TableServiceClient(options.CheckpointConnectionString)),
            options =>
            [
                BackendReach.EventHub(Setting, options.ConnectionString!, options.EventHubName!),
                BackendReach.AzureTables($"{StreamsOptions.Section}:{nameof(StreamsOptions.CheckpointConnectionString)}", options.CheckpointConnectionString!),
            ]),
    ];

    public static StreamProvider? Find(string? name) =>
        All.FirstOrDefault(provider => string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase));
}
