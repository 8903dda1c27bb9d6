using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Naming;

namespace Mle.Serving;

/// <summary>
/// Tells every active silo's catalog that a model changed. Fire-and-forget: the caller's reply never
/// waits for it, each silo gets <see cref="CatalogOptions.InvalidationTimeout"/> to acknowledge, and a silo
/// that misses the push catches up within <see cref="CatalogOptions.CatalogRefreshInterval"/>.
/// </summary>
public sealed partial class CatalogInvalidation(
    IClusterMembershipService membership,
    IGrainFactory grains,
    IOptions<CatalogOptions> options,
    ILogger<CatalogInvalidation> logger)
{
    private readonly TimeSpan _timeout = options.Value.InvalidationTimeout;

    public void Publish(ModelRef model)
    {
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active)
            {
                _ = Send(member.SiloAddress, model);
            }
        }
    }

    private async Task Send(SiloAddress silo, ModelRef model)
    {
        try
        {
            await grains.GetGrain<ISiloCatalogGrain>(silo.ToParsableString()).Invalidate(model).WaitAsync(_timeout);
        }
        catch (Exception error)
        {
            LogMissed(logger, model.Key, silo, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not take the invalidation of model {Model}; it catches up on its next catalog refresh.")]
    private static partial void LogMissed(ILogger logger, string model, SiloAddress silo, Exception error);
}
