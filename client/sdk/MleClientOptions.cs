using System.Net;

namespace Mle.Client;

/// <summary>
/// How the SDK reaches the cluster and which limits it enforces before sending anything. Checked by
/// <see cref="MleClientOptionsValidator"/> when the host starts (and whenever the options are first read).
/// </summary>
public sealed class MleClientOptions
{
    /// <summary>
    /// The API key the client authenticates with (<c>mle_&lt;id&gt;_&lt;secret&gt;</c>); every call through the gateway
    /// carries it. Its tenant must be <see cref="Tenant"/>: names of another tenant are "not found". Not used co-hosted.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The tenant every model name is qualified with (default <c>default</c>).</summary>
    public string Tenant { get; set; } = Naming.Names.DefaultTenant;

    /// <summary>The gateway port of a silo on this machine, used when <see cref="Gateways"/> is empty (default 30000).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silo gateway endpoints to connect to; when empty, the client connects to <c>localhost:</c><see cref="GatewayPort"/>.</summary>
    public IList<IPEndPoint> Gateways { get; } = [];

    /// <summary>The cluster id the silos were started with (default <c>mle</c>, the silo's <c>Mle:Clustering:ClusterId</c> default).</summary>
    public string ClusterId { get; set; } = "mle";

    /// <summary>The service id the silos were started with (default <c>orleans-mle</c>, the silo's <c>Mle:Clustering:ServiceId</c> default).</summary>
    public string ServiceId { get; set; } = "orleans-mle";

    /// <summary>
    /// The largest artifact <see cref="IModelsClient.RegisterVersionAsync"/> will read and send, in bytes
    /// (default 256 MiB). Larger streams fail with <c>artifact_too_large</c> before anything is sent;
    /// the silo enforces its own <c>Mle:Limits:MaxArtifactBytes</c> as well.
    /// </summary>
    public long MaxArtifactBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// How long the client's own catalog uses a model's aliases and version statuses before reading them
    /// again (default 2 seconds). Out of process there is no push invalidation: this is the bound on how
    /// long an alias move takes to reach this client.
    /// </summary>
    public TimeSpan CatalogRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}
