using Microsoft.Extensions.DependencyInjection;
using Mle.Configuration;
using Mle.Streams;
using Orleans.Configuration;

namespace Mle.Silo.Hosting;

internal static class SiloStreams
{
    /// <summary>
    /// The one stream provider, <see cref="StreamNames.Provider"/>, on the backend <c>Mle:Streams:Provider</c> names
    /// (an unknown name fails the start, see <see cref="StreamsOptionsValidator"/>).
    /// </summary>
    public static ISiloBuilder AddMleStreams(this ISiloBuilder silo, StreamsOptions options)
    {
        StreamProviders.Find(options.Provider)?.Add(silo, options);
        silo.Services.Configure<StreamPullingAgentOptions>(StreamNames.Provider, agent =>
        {
            agent.MaxEventDeliveryTime = options.MaxEventDeliveryTime;
            agent.GetQueueMsgsTimerPeriod = options.EffectivePollPeriod;
            agent.BatchContainerBatchSize = options.DeliveryBatchSize;
        });
        return silo;
    }
}
