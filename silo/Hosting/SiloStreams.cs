using Mle.Configuration;
using Mle.Streams;

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
        return silo;
    }
}
