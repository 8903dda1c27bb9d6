using Mle.Bench.Models;

namespace Mle.Bench.Servers;

/// <summary>How the harness starts the two servers it compares, with the same logging and the same loopback setup.</summary>
public static class BenchServers
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Per-request logging would cost both sides alike and measure the console, not the service.
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    /// <summary>The admin key every silo of the run is bootstrapped with (<c>Mle:Security:BootstrapKey</c>); every client sends it.</summary>
    public static string AdminKey { get; } = Mle.Security.ApiKeyToken.Generate().ToString();

    public static Task<ServerProcess> StartPeer(BenchOptions options, string riskModel, string tinyModel) =>
        ServerProcess.Start(options.PeerAssembly, [$"--Models:Risk={riskModel}", $"--Models:Tiny={tinyModel}"], Quiet, "/healthz", StartTimeout);

    /// <summary>Starts a silo on its own empty data directory and free ports.</summary>
    public static Task<ServerProcess> StartSilo(BenchOptions options, string name)
    {
        var data = Path.Combine(options.ScratchDirectory, $"{name}-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        Directory.CreateDirectory(data);
        var environment = new Dictionary<string, string>(Quiet)
        {
            ["Mle__DataDirectory"] = data,
            ["Mle__Clustering__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Mle__Clustering__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Mle__Security__BootstrapKey"] = AdminKey,
        };
        return ServerProcess.Start(options.SiloAssembly, [], environment, "/healthz/ready", StartTimeout);
    }

    public static HttpClient CreateClient(ServerProcess server, int connections, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.BaseUri,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            // The peer ignores it; both sides carry the same header bytes.
            DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey) },
        };

    /// <summary>Trains (or finds) the model and registers it on the silo; returns the version.</summary>
    public static async Task<int> Register(PlatformRestClient platform, ModelCache models, ModelSpec spec)
    {
        await platform.CreateModel(spec.Name);
        return await platform.RegisterVersion(spec.Name, models.GetOrTrain(spec));
    }
}
