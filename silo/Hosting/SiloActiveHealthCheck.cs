using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mle.Silo.Hosting;

/// <summary>
/// Ready means this silo is Active in the cluster: it takes grain calls, not only HTTP. A silo that is shutting
/// down is not ready from the first moment, so a load balancer stops sending it new requests while it finishes the
/// ones it has.
/// </summary>
internal sealed class SiloActiveHealthCheck(ISiloStatusOracle silo, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is shutting down."));
        }

        var status = silo.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.SiloAddress} is Active.")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {status}."));
    }
}
