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

    public INotificationsClient Notifications => _host.Services.GetRequiredService<IMleClient>().Notifications;
    public IPipelinesClient Pipelines => _host.Services.GetRequiredService<IMleClient>().Pipelines;
    public IDatasetsClient Datasets => _host.Services.GetRequiredService<IMleClient>().Datasets;

    public IClusterClient Cluster => _host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Connects; <paramref name="tamper"/> may change the client's services and, once built, the client itself before it connects.</summary>
    public static async Task<SdkClient> Connect(TestSilo silo, string? apiKey, string tenant = "default", ClientTampering? tamper = null)
    {
        var gatewayPort = silo.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value.GatewayPort;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMleClient(options =>
        {
            options.GatewayPort = gatewayPort;
            options.ApiKey = apiKey;
            options.Tenant = tenant;
        });
        tamper?.Services?.Invoke(builder.Services);
        var host = builder.Build();
        tamper?.Built?.Invoke(host.Services);
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

/// <summary>What a modified SDK does to itself: extra services (call filters), and changes to the built client.</summary>
internal sealed record ClientTampering(Action<IServiceCollection>? Services, Action<IServiceProvider>? Built);
