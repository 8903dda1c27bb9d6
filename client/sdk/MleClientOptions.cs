using System.Net;
using System.Security.Cryptography.X509Certificates;

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
    /// Connect to the gateway over TLS (default false). Needed when the silos run with <c>Mle:Tls:Enabled</c>: a
    /// gateway with TLS refuses a client without it. The silo's certificate is checked against
    /// <see cref="TlsTrustedRoots"/>, or against the machine's trust store when that is empty.
    /// </summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// The certificate (with its private key) this client presents to the gateway; required when the silos set
    /// <c>Mle:Tls:RequireClientCertificate</c>. Only used with <see cref="UseTls"/>.
    /// </summary>
    public X509Certificate2? TlsClientCertificate { get; set; }

    /// <summary>
    /// The roots a silo's certificate must chain to (the cluster's own CA, or the self-signed silo certificate
    /// itself). The silo is trusted for being issued by one of them; its name is not checked, since gateways are
    /// addressed by IP. Empty: the machine's trust store, with the usual name check. Only used with <see cref="UseTls"/>.
    /// </summary>
    public X509Certificate2Collection TlsTrustedRoots { get; } = [];

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

    /// <summary>
    /// The HTTP address of a silo's REST gateway (e.g. <c>http://localhost:5000</c>), where an out-of-process client
    /// watches notifications (<see cref="INotificationsClient"/>, over the <c>/api/v1/notifications</c> WebSocket,
    /// with <see cref="ApiKey"/>): clients outside the cluster may not subscribe to its streams. Not needed for
    /// anything else, nor co-hosted.
    /// </summary>
    public Uri? HttpAddress { get; set; }

    /// <summary>
    /// The most notifications a co-hosted <see cref="INotificationsClient.WatchAsync"/> keeps for a reader that falls
    /// behind (default 1024); beyond it the oldest are dropped (a gap in <see cref="Notifications.Notification.Sequence"/>).
    /// </summary>
    public int NotificationBufferSize { get; set; } = 1024;
}
