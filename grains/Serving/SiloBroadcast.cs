using Microsoft.Extensions.Options;

namespace Mle.Serving;

/// <summary>
/// Sends one change to every active silo's replicated read model, fire-and-forget: the caller's reply never waits
/// for it, each silo gets <see cref="CatalogOptions.InvalidationTimeout"/> to take it, and a silo that misses it
/// catches up on its next refresh (<see cref="CatalogOptions.CatalogRefreshInterval"/>), so a miss is only logged.
/// </summary>
public sealed class SiloBroadcast(IClusterMembershipService membership, IOptions<CatalogOptions> options)
{
    private readonly TimeSpan _timeout = options.Value.InvalidationTimeout;

    /// <summary>Calls <paramref name="send"/> for every active silo; <paramref name="missed"/> hears of each that failed or timed out.</summary>
    public void Publish(Func<SiloAddress, Task> send, Action<SiloAddress, Exception> missed)
    {
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active)
            {
                _ = Send(member.SiloAddress, send, missed);
            }
        }
    }

    private async Task Send(SiloAddress silo, Func<SiloAddress, Task> send, Action<SiloAddress, Exception> missed)
    {
        try
        {
            await send(silo).WaitAsync(_timeout);
        }
        catch (Exception error)
        {
            missed(silo, error);
        }
    }
}
