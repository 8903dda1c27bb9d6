using Microsoft.Extensions.Logging;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// Pushes a model's new <see cref="ServingSnapshot"/> to every active silo's catalog, which installs it without
/// reading the registry: no request anywhere waits for a change to propagate. Fire-and-forget: the caller's reply
/// never waits for it, each silo gets <see cref="CatalogOptions.InvalidationTimeout"/> to acknowledge, and a silo
/// that misses the push catches up within <see cref="CatalogOptions.CatalogRefreshInterval"/>.
/// </summary>
public sealed partial class CatalogUpdates(SiloBroadcast broadcast, IGrainFactory grains, ILogger<CatalogUpdates> logger)
{
    public void Publish(ServingSnapshot snapshot) => broadcast.Publish(
        silo => grains.GetGrain<ISiloCatalogGrain>(silo.ToParsableString()).Apply(snapshot),
        (silo, error) => LogMissed(logger, snapshot.Tenant, snapshot.Model, snapshot.Revision, silo, error.Message));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not take revision {Revision} of model {Tenant}/{Model} ({Reason}); it catches up on its next catalog refresh.")]
    private static partial void LogMissed(ILogger logger, string tenant, string model, long revision, SiloAddress silo, string reason);
}
