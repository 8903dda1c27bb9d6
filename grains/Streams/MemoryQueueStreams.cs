using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Mle.Streams;

public static class MemoryQueueStreams
{
    /// <summary>
    /// Adds the stream provider <paramref name="name"/> on the embedded backend (<see cref="MemoryQueueAdapter"/>):
    /// in-cluster queues, events kept as objects, reads that wait for messages instead of polling.
    /// </summary>
    public static ISiloBuilder AddMleMemoryStreams(this ISiloBuilder silo, string name, MemoryQueueSettings settings)
    {
        silo.Services.AddKeyedSingleton(name, settings);
        return silo.AddPersistentStreams(name, MemoryQueueAdapter.Create, stream =>
            stream.Configure<HashRingStreamQueueMapperOptions>(options => options.Configure(o => o.TotalQueueCount = settings.Queues)));
    }
}
