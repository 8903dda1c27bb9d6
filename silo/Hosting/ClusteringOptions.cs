namespace Mle.Silo.Hosting;

/// <summary>How silos find each other (<c>Mle:Clustering</c>).</summary>
public sealed class ClusteringOptions
{
    public const string Localhost = "Localhost";
    public const string Redis = "Redis";
    public const string AzureTables = "AzureTables";
    public static readonly IReadOnlyList<string> Providers = [Localhost, Redis, AzureTables];

    /// <summary>Localhost (one process, no server), Redis or AzureTables.</summary>
    public string Provider { get; set; } = Localhost;

    /// <summary>The Redis or Azure Storage connection string; required by those providers.</summary>
    public string? ConnectionString { get; set; }

    public string ClusterId { get; set; } = "mle";

    public string ServiceId { get; set; } = "orleans-mle";

    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port out-of-process SDK clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>On Kubernetes: take cluster ids and endpoints from the pod (<c>UseKubernetesHosting</c>).</summary>
    public bool Kubernetes { get; set; }

    internal void Validate(ICollection<string> failures, string section)
    {
        ProviderChoice.Check(failures, $"{section}:Provider", Provider, Providers);
        if (!ProviderChoice.Is(Provider, Localhost))
        {
            ProviderChoice.Require(failures, $"{section}:ConnectionString", ConnectionString, $"by the {Provider} clustering provider");
        }

        ProviderChoice.Require(failures, $"{section}:ClusterId", ClusterId, "to name the cluster");
        ProviderChoice.Require(failures, $"{section}:ServiceId", ServiceId, "to name the service");
        CheckPort(failures, $"{section}:SiloPort", SiloPort);
        CheckPort(failures, $"{section}:GatewayPort", GatewayPort);
        if (SiloPort == GatewayPort)
        {
            failures.Add($"{section}:SiloPort and {section}:GatewayPort must differ (both are {SiloPort}).");
        }
    }

    private static void CheckPort(ICollection<string> failures, string setting, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{setting} {port} is not a TCP port (1-65535).");
        }
    }
}
