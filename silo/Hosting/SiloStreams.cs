using Azure.Data.Tables;
using Azure.Storage.Queues;
using Mle.Configuration;

namespace Mle.Silo.Hosting;

internal static class SiloStreams
{
    /// <summary>The one stream provider, <see cref="StorageNames.StreamProvider"/>, on the backend <c>Mle:Streams:Provider</c> names.</summary>
    public static ISiloBuilder AddMleStreams(this ISiloBuilder silo, StreamsOptions options)
    {
        if (ProviderChoice.Is(options.Provider, StreamsOptions.Memory))
        {
            silo.AddMemoryStreams(StorageNames.StreamProvider);
        }
        else if (ProviderChoice.Is(options.Provider, StreamsOptions.AzureQueue))
        {
            silo.AddAzureQueueStreams(StorageNames.StreamProvider, queue =>
                queue.Configure(azure => azure.QueueServiceClient = new QueueServiceClient(options.ConnectionString)));
        }
        else
        {
            silo.AddEventHubStreams(
                StorageNames.StreamProvider,
                hub => hub.ConfigureEventHubConnection(options.ConnectionString!, options.EventHubName!, options.ConsumerGroup),
                checkpoints => checkpoints.TableServiceClient = new TableServiceClient(options.CheckpointConnectionString));
        }

        return silo;
    }
}
