using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

/// <summary>
/// SIGTERM stops the host within <see cref="ShutdownOptions.Timeout"/>. The order is the hosts': the web server was
/// started after the silo, so it stops first (no new connections, requests in flight finish while the silo still
/// serves their grain calls), then the silo deactivates its grains and leaves the membership table as Dead, so the
/// other silos stop probing it at once instead of voting it out.
/// </summary>
internal static class GracefulShutdown
{
    public static IServiceCollection AddMleGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        return services;
    }
}
