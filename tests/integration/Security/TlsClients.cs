using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mle.Client;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Security;

/// <summary>SDK clients for the TLS tests: started with a bound timeout, and what they do once connected.</summary>
internal static class TlsClients
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a client that should be refused is given to connect anyway.</summary>
    public static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(15);

    /// <summary>Starts an SDK client of <paramref name="gateways"/>; the host is returned started, or its start's exception is thrown.</summary>
    public static async Task<IHost> Start(
        IEnumerable<IPEndPoint> gateways, string clusterId, string serviceId, string? apiKey, Action<MleClientOptions> tls, TimeSpan? startTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMleClient(options =>
        {
            foreach (var gateway in gateways)
            {
                options.Gateways.Add(gateway);
            }
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
            options.ApiKey = apiKey;
            tls(options);
        });
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(startTimeout ?? StartTimeout);
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Registers the binary classifier as a new model and scores two rows with it: the whole SDK round trip.</summary>
    public static async Task<ScoreResult> RegisterAndScore(IHost client)
    {
        var models = client.Services.GetRequiredService<IMleClient>().Models;
        var name = $"tls-{Guid.NewGuid():N}"[..16];
        await models.CreateAsync(name);
        using var artifact = new MemoryStream(TestModels.BinaryClassifier);
        var version = await models.RegisterVersionAsync(name, artifact);
        return await models.ScoreAsync(name, version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [
            new Dictionary<string, object?> { ["X1"] = 1.5f, ["X2"] = -0.5f },
            new Dictionary<string, object?> { ["X1"] = -2f, ["X2"] = 3f },
        ]);
    }

    public static async Task Stop(IHost client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await client.StopAsync(timeout.Token);
        }
        finally
        {
            client.Dispose();
        }
    }
}
