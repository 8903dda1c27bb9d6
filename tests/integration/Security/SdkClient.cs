using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mle.Client;
using Mle.Silo.Hosting;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Security;

/// <summary>An out-of-process SDK client of a test silo, connected through its gateway with a key and tenant of its own.</summary>
internal sealed class SdkClient : IAsyncDisposable
{
    private readonly IHost _host;

    private SdkClient(IHost host) => _host = host;

    public IModelsClient Models => _host.Services.GetRequiredService<IMleClient>().Models;

    public IFeaturesClient Features => _host.Services.GetRequiredService<IMleClient>().Features;

    public IDatasetsClient Datasets => _host.Services.GetRequiredService<IMleClient>().Datasets;

    public IClusterClient Cluster => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<SdkClient> Connect(TestSilo silo, string? apiKey, string tenant = "default")
    {
        var gatewayPort = silo.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value.GatewayPort;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMleClient(options =>
        {
            options.GatewayPort = gatewayPort;
            options.ApiKey = apiKey;
            options.Tenant = tenant;
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        return new SdkClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
