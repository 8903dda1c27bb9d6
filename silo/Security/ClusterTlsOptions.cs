namespace Mle.Silo.Security;

/// <summary>
/// TLS on every Orleans connection of the silo (<c>Mle:Tls</c>): silo to silo, always with certificates on both
/// sides, and clients to the gateway. The certificate comes from a PFX file or from a PEM pair; peers are trusted
/// for chaining to <see cref="TrustedRootsPath"/>. Checked on start by <see cref="ClusterTlsOptionsValidator"/>.
/// The REST gateway's HTTPS is Kestrel's own (<c>Kestrel:Certificates:Default</c>), not this.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "Mle:Tls";

    /// <summary>Turns TLS on (default false: plain TCP, for one machine or a private network).</summary>
    public bool Enabled { get; set; }

    /// <summary>A PKCS#12 (<c>.pfx</c>) file with the silo's certificate and private key; or use the PEM pair instead.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>A PEM file with the silo's certificate; <see cref="PrivateKeyPemPath"/> holds its key.</summary>
    public string? CertificatePemPath { get; set; }

    /// <summary>A PEM file with the private key of <see cref="CertificatePemPath"/> (unencrypted PKCS#8, PKCS#1 or SEC1).</summary>
    public string? PrivateKeyPemPath { get; set; }

    /// <summary>
    /// A PEM (or DER) file with the certificates peers must chain to: the cluster's CA, or the silos' self-signed
    /// certificate. Silos and SDK clients are then trusted for being issued by it, whatever their names. Empty: the
    /// machine's trust store, with the usual host-name check, which silos addressed by IP rarely pass.
    /// </summary>
    public string? TrustedRootsPath { get; set; }

    /// <summary>
    /// Whether clients must present a certificate (chaining to <see cref="TrustedRootsPath"/>) to open a gateway
    /// connection (default false: any client may connect and then needs an API key for every call). Silos always
    /// present theirs to each other.
    /// </summary>
    public bool RequireClientCertificate { get; set; }
}
