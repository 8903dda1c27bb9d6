namespace Mle.Silo.Security;

/// <summary>JWT bearer tokens (<c>Mle:Security:Jwt</c>): who issues them, for whom, and which claims carry tenant and role.</summary>
public sealed class JwtSecurityOptions
{
    /// <summary>The OpenID Connect issuer; its discovery document supplies the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (required when JWT is on).</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The issuer to accept when the signing key is configured here rather than discovered (an offline
    /// installation, the tests); defaults to <see cref="Authority"/>.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>A static HMAC-SHA256 signing key, base64 (at least 32 bytes), used instead of the authority's discovery.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The claim that names the caller's tenant (<c>mle_tenant</c>).</summary>
    public string TenantClaim { get; set; } = "mle_tenant";

    /// <summary>The claim that names the caller's role (<c>mle_role</c>): viewer, scorer, scientist, operator or admin.</summary>
    public string RoleClaim { get; set; } = "mle_role";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}
