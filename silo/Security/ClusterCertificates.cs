using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mle.Silo.Security;

/// <summary>Loads the certificate and trusted roots <see cref="ClusterTlsOptions"/> name; a file that cannot be read throws <see cref="CryptographicException"/> or <see cref="IOException"/>.</summary>
internal static class ClusterCertificates
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The silo's certificate with its private key, from the PFX file or the PEM pair.</summary>
    public static X509Certificate2 Silo(ClusterTlsOptions options) =>
        !string.IsNullOrWhiteSpace(options.CertificatePath)
            ? X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(options.CertificatePemPath!, options.PrivateKeyPemPath);

    /// <summary>The roots peers must chain to; empty when none are configured.</summary>
    public static X509Certificate2Collection TrustedRoots(ClusterTlsOptions options)
    {
        var roots = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(options.TrustedRootsPath))
        {
            return roots;
        }
        if (File.ReadAllText(options.TrustedRootsPath).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            roots.ImportFromPemFile(options.TrustedRootsPath);
        }
        else
        {
            roots.Add(X509CertificateLoader.LoadCertificateFromFile(options.TrustedRootsPath));
        }
        if (roots.Count == 0)
        {
            throw new CryptographicException("the file holds no certificate.");
        }
        return roots;
    }

    /// <summary>
    /// Why a silo cannot use <paramref name="certificate"/>, or null: each silo is the server of its inbound
    /// connections and the client of its outbound ones, so an extended key usage, if present, must allow both.
    /// </summary>
    public static string? Unusable(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            return "the certificate has no private key.";
        }
        if (certificate.NotAfter < DateTime.Now || certificate.NotBefore > DateTime.Now)
        {
            return $"the certificate is valid only from {certificate.NotBefore:u} to {certificate.NotAfter:u}.";
        }
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value).ToList();
        if (usages.Count > 0 && !(usages.Contains(ServerAuthentication) && usages.Contains(ClientAuthentication)))
        {
            return "the certificate's extended key usage must allow both server and client authentication (1.3.6.1.5.5.7.3.1 and .2): silos are both to each other.";
        }
        return null;
    }
}
