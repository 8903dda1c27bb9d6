using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Mle.Client;

/// <summary>
/// The TLS settings of Orleans connections, for the SDK and for the silos alike. A peer is trusted for having a
/// certificate that chains to one of the given roots (a cluster's private CA, or a self-signed certificate that is
/// its own root); names are not checked, because silos and gateways are addressed by IP. Without roots, the
/// machine's trust store decides, with the usual name check.
/// </summary>
public static class ClusterTls
{
    /// <summary>Options for a client connection: <paramref name="certificate"/> (optional) is presented, the server's is checked.</summary>
    public static TlsOptions ForClient(X509Certificate2? certificate, X509Certificate2Collection trustedRoots) => new()
    {
        LocalCertificate = certificate,
        ClientCertificateMode = certificate is null ? RemoteCertificateMode.AllowCertificate : RemoteCertificateMode.RequireCertificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = Validator(trustedRoots),
    };

    /// <summary>Checks a peer's certificate against <paramref name="trustedRoots"/>, or null (the platform's own check) when there are none.</summary>
    public static RemoteCertificateValidator? Validator(X509Certificate2Collection trustedRoots)
    {
        if (trustedRoots.Count == 0)
        {
            return null;
        }
        var roots = new X509Certificate2Collection(trustedRoots);
        return (certificate, _, _) => ChainsTo(certificate, roots);
    }

    /// <summary>Whether <paramref name="certificate"/> builds a valid chain (dates, signatures, usage) ending at one of <paramref name="roots"/>.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // A private CA publishes no revocation lists; revoking a silo means re-issuing the cluster's certificates.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
