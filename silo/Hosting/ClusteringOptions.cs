namespace Mle.Silo.Hosting;

/// <summary>How silos find each other (<c>Mle:Clustering</c>).</summary>
public sealed class ClusteringOptions
{
    public const string Section = "Mle:Clustering";
    public const string Localhost = "Localhost";
    public const string Redis = "Redis";
    public const string AzureTables = "AzureTables";
    public const string PostgreSql = "PostgreSql";

    /// <summary>Localhost (one process, no server), Redis, AzureTables or PostgreSql.</summary>
    public string Provider { get; set; } = Localhost;

    /// <summary>
    /// The Redis configuration string, Azure Storage connection string or Npgsql connection string; required by those
    /// providers. PostgreSql: the Orleans membership tables are created in that database at the first start.
    /// </summary>
    public string? ConnectionString { get; set; }

    public string ClusterId { get; set; } = "mle";

    public string ServiceId { get; set; } = "orleans-mle";

    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port out-of-process SDK clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address other silos and clients reach this silo at, with a multi-silo provider. Unset: the machine's
    /// first network address. 127.0.0.1 for a cluster of processes on one machine (<c>deploy/local-cluster.sh</c>).
    /// Kubernetes hosting uses the pod's IP instead.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>On Kubernetes: take cluster ids and endpoints from the pod (<c>UseKubernetesHosting</c>).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// How long a silo waits for another's answer to a liveness probe, 5 s by default (Orleans' own). With
    /// <see cref="MissedProbesLimit"/> it bounds how long a crashed silo's grains stay unreachable.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Probes in a row a silo may miss before its prober votes it dead, 3 by default (Orleans' own).</summary>
    public int MissedProbesLimit { get; set; } = 3;
}
