using Microsoft.Extensions.Logging;
using Mle.Serving;

namespace Mle.Endpoints;

/// <summary>
/// Pushes an endpoint's change to every active silo's endpoint catalog, fire-and-forget through the
/// <see cref="SiloBroadcast"/> the model catalog's updates use.
/// </summary>
public sealed partial class EndpointUpdates(SiloBroadcast broadcast, IGrainFactory grains, ILogger<EndpointUpdates> logger)
{
    public void Publish(EndpointChange change) => broadcast.Publish(
        silo => grains.GetGrain<ISiloEndpointCatalogGrain>(silo.ToParsableString()).Apply(change),
        (silo, error) => LogMissed(logger, change.Tenant, change.Name, change.Revision, silo, error.Message));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not take revision {Revision} of endpoint {Tenant}/{Name} ({Reason}); it catches up on its next refresh.")]
    private static partial void LogMissed(ILogger logger, string tenant, string name, long revision, SiloAddress silo, string reason);
}
