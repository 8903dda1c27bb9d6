using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Serving;

namespace Mle.Endpoints;

/// <summary>
/// Pushes an endpoint's change to every active silo's endpoint catalog, fire-and-forget like the model catalog's
/// <c>CatalogUpdates</c>: each silo gets <see cref="CatalogOptions.InvalidationTimeout"/> to take it, and one that
/// misses it catches up within <see cref="CatalogOptions.CatalogRefreshInterval"/>.
/// </summary>
public sealed partial class EndpointUpdates(
    IClusterMembershipService membership,
    IGrainFactory grains,
    IOptions<CatalogOptions> options,
    ILogger<EndpointUpdates> logger)
{
    private readonly TimeSpan _timeout = options.Value.InvalidationTimeout;

    public void Publish(EndpointChange change)
    {
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active)
            {
                _ = Send(member.SiloAddress, change);
            }
        }
    }

    private async Task Send(SiloAddress silo, EndpointChange change)
    {
        try
        {
            await grains.GetGrain<ISiloEndpointCatalogGrain>(silo.ToParsableString()).Apply(change).WaitAsync(_timeout);
        }
        catch (Exception error)
        {
            LogMissed(logger, change.Tenant, change.Name, change.Revision, silo, error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not take revision {Revision} of endpoint {Tenant}/{Name} ({Reason}); it catches up on its next refresh.")]
    private static partial void LogMissed(ILogger logger, string tenant, string name, long revision, SiloAddress silo, string reason);
}
