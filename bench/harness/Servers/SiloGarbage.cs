using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mle.Client;

namespace Mle.Bench.Servers;

/// <summary>
/// Runs a full garbage collection inside a silo process, through Orleans' management grain over the silo's gateway,
/// so that its resident set is read settled (as the raw memory probe settles its own) instead of with whatever
/// garbage its last allocations left behind.
/// </summary>
public static class SiloGarbage
{
    public static async Task Collect(int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMleClient(options => options.GatewayPort = gatewayPort);
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        try
        {
            var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var silos = await management.GetHosts(onlyActive: true);
            await management.ForceGarbageCollection([.. silos.Keys]);
            // A second pass frees what the first one's finalizers released, as the raw probe does.
            await management.ForceGarbageCollection([.. silos.Keys]);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
