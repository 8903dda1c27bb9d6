using Mle.Bench.Models;

namespace Mle.Bench.Servers;

/// <summary>How the harness starts the two servers it compares, with the same logging and the same loopback setup.</summary>
public static class BenchServers
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Per-request logging would cost both sides alike and measure the console, not the service.
    private static readonly Dictionary<string, string> Quiet = new(StringComparer.Ordinal)
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    /// <summary>The environment every server of the harness runs with (warnings only, Production).</summary>
    public static IReadOnlyDictionary<string, string> QuietEnvironment => Quiet;

    /// <summary>The admin key every silo of the run is bootstrapped with (<c>Mle:Security:BootstrapKey</c>); every client sends it.</summary>
    public static string AdminKey { get; } = Mle.Security.ApiKeyToken.Generate().ToString();

    /// <summary>
    /// The peer's routes: <see cref="SecuredPeerRoute"/> checks the same admin key the platform is sent (a dictionary
    /// lookup of the bearer token), <see cref="OpenPeerRoute"/> checks nothing (the peer of runs before authentication).
    /// </summary>
    public static string SecuredPeerRoute(string model) => $"secure/predict/{model}";

    public static string OpenPeerRoute(string model) => $"predict/{model}";

    public static Task<ServerProcess> StartPeer(BenchOptions options, string riskModel, string tinyModel, IReadOnlyDictionary<string, string>? environment = null) =>
        ServerProcess.Start(options.PeerAssembly, [$"--Models:Risk={riskModel}", $"--Models:Tiny={tinyModel}", $"--Keys:0={AdminKey}"],
            environment is null ? Quiet : new Dictionary<string, string>(Quiet).Concat(environment).ToDictionary(), "/healthz", StartTimeout);

    /// <summary>Starts a silo on its own empty data directory and free ports.</summary>
    public static Task<ServerProcess> StartSilo(BenchOptions options, string name, IReadOnlyDictionary<string, string>? extraEnvironment = null)
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
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return ServerProcess.Start(options.SiloAssembly, [], environment, "/healthz/ready", StartTimeout);
    }

    public static HttpClient CreateClient(ServerProcess server, int connections, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.BaseUri,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            // The peer's secured routes check it as the platform does; its open routes ignore it (the same header bytes).
            DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey) },
        };

    /// <summary>Trains (or finds) the model and registers it on the silo; returns the version.</summary>
    public static async Task<int> Register(PlatformRestClient platform, ModelCache models, ModelSpec spec)
    {
        await platform.CreateModel(spec.Name);
        return await platform.RegisterVersion(spec.Name, models.GetOrTrain(spec));
    }
}
