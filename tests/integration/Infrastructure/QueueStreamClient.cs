using System.Net;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Silo.Hosting;
using Mle.Streams;
using Orleans.Configuration;
using Orleans.Streams;

namespace Mle.Tests.Integration.Infrastructure;

/// <summary>
/// An external producer on a cluster whose <c>mle</c> stream provider is Azure Queue: an Orleans client in the test
/// process, connected to the silos' gateways, with the same provider on the same queues. Its
/// <see cref="IAsyncStream{T}.OnNextAsync"/> returns once the event is in the queue: that is what a producer calls
/// acknowledged, whatever then happens to the silos that pull it.
/// </summary>
internal sealed class QueueStreamClient : IAsyncDisposable
{
    private readonly IHost _host;

    private QueueStreamClient(IHost host)
    {
        _host = host;
        Streams = host.Services.GetRequiredService<IClusterClient>().GetStreamProvider(StreamNames.Provider);
    }

    public IStreamProvider Streams { get; }

    /// <summary>Connects (bounded) through the gateways of <paramref name="silos"/>, as cluster <paramref name="clusterId"/> of the silos' default service.</summary>
    public static async Task<QueueStreamClient> Connect(IEnumerable<SiloProcess> silos, string clusterId, string queueConnectionString, TimeSpan timeout)
    {
        var gateways = silos.Select(s => new IPEndPoint(IPAddress.Loopback, s.GatewayPort)).ToArray();
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(gateways);
                // The silos' Mle:Clustering ids: the queue names derive from the service id, so both sides read the same queues.
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = clusterId;
                    cluster.ServiceId = new ClusteringOptions().ServiceId;
                });
                client.AddAzureQueueStreams(StreamNames.Provider, (OptionsBuilder<AzureQueueOptions> queues) =>
                    queues.Configure(azure => azure.QueueServiceClient = new QueueServiceClient(queueConnectionString)));
            })
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .Build();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await host.StartAsync(deadline.Token);
            return new QueueStreamClient(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _host.StopAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The silos may be gone already: nothing is left to close gracefully.
        }
        _host.Dispose();
    }
}
