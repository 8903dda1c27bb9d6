using Mle.Naming;

namespace Mle.Silo.Security;

/// <summary>
/// Authentication of the gateway (<c>Mle:Security</c>). On unless <see cref="Enabled"/> is set to false explicitly;
/// callers send <c>Authorization: Bearer &lt;api key or JWT&gt;</c>.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Mle:Security";

    /// <summary>False turns authentication off: every caller is an admin of the default tenant. Only for a closed network.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The installation's first admin key (<c>mle_&lt;id&gt;_&lt;secret&gt;</c>, a secret of at least 32 characters).
    /// When empty, a key is generated at the first start, logged once and saved to <c>{DataDirectory}/admin.key</c>
    /// (mode 0600), and read from there on every later start.
    /// </summary>
    public string? BootstrapKey { get; set; }

    /// <summary>
    /// The tenant of the bootstrap key. Its admins are the installation's admins: they alone may create, list and
    /// revoke keys of other tenants. Every other name they use stays in their own tenant.
    /// </summary>
    public string BootstrapTenant { get; set; } = Names.DefaultTenant;

    /// <summary>
    /// How long a silo trusts a key it validated without asking the key's grain again (30 s). A revocation is
    /// effective at once on the silo that revoked it and within this time on every other silo.
    /// </summary>
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most validated keys a silo remembers (10,000); the least recently added go first.</summary>
    public int KeyCacheSize { get; set; } = 10_000;

    /// <summary>
    /// The key a metrics scraper sends (<c>Authorization: Bearer &lt;key&gt;</c>) to read <c>/metrics</c>; at least 32
    /// characters. Without it, only installation admins' keys read <c>/metrics</c>.
    /// </summary>
    public string? MetricsKey { get; set; }

    /// <summary>How long a dashboard sign-in lasts (1 hour); the session ends then even if the key lives on.</summary>
    public TimeSpan DashboardSessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The secret every silo of the cluster shares (at least 32 characters), from which a call made inside the cluster
    /// is told from a client's (<see cref="ClusterCallStamp"/>): a client that forges anything else still gets a
    /// client's authorization. Required with a multi-silo clustering provider (or <c>Mle:Clustering:Kubernetes</c>);
    /// on one silo (<c>Localhost</c>) a secret is generated per process when it is not set. Give it like the bootstrap
    /// key: from a secret store, as <c>Mle__Security__ClusterSecret</c>; never to clients.
    /// </summary>
    public string? ClusterSecret { get; set; }

    /// <summary>JWT bearer tokens from an OpenID Connect issuer; off while neither an authority nor a signing key is set.</summary>
    public JwtSecurityOptions Jwt { get; set; } = new();
}
