using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mle.Tests.Support;

/// <summary>
/// A self-signed certificate made for one test (nothing is committed): usable for server and client
/// authentication, written to a temporary directory as a PFX with a password, as a PEM pair, and as a roots file
/// (the certificate alone, its own root). The directory is removed on dispose.
/// </summary>
public sealed class ClusterCertificate : IDisposable
{
    public const string Password = "correct horse battery staple";

    private ClusterCertificate(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        Directory = directory;
        File.WriteAllBytes(PfxPath, certificate.Export(X509ContentType.Pfx, Password));
        File.WriteAllText(CertificatePemPath, certificate.ExportCertificatePem());
        File.WriteAllText(PrivateKeyPemPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(RootsPath, certificate.ExportCertificatePem());
    }

    public X509Certificate2 Certificate { get; }

    public string Directory { get; }

    public string PfxPath => Path.Combine(Directory, "silo.pfx");

    public string CertificatePemPath => Path.Combine(Directory, "silo.crt");

    public string PrivateKeyPemPath => Path.Combine(Directory, "silo.key");

    public string RootsPath => Path.Combine(Directory, "roots.crt");

    /// <summary>The certificate as its own only trusted root.</summary>
    public X509Certificate2Collection Roots => [X509CertificateLoader.LoadCertificate(Certificate.RawData)];

    public static ClusterCertificate Create(string subject = "CN=mle-test-cluster")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PFX bytes, so the key is a persisted one SslStream can use on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        var directory = Path.Combine(Path.GetTempPath(), "mle-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new ClusterCertificate(certificate, directory);
    }

    /// <summary>The silo settings for TLS with this certificate, from the PFX file (or from the PEM pair).</summary>
    public Dictionary<string, string?> SiloSettings(bool pem = false, bool requireClientCertificate = false) => pem
        ? new()
        {
            ["Mle:Tls:Enabled"] = "true",
            ["Mle:Tls:CertificatePemPath"] = CertificatePemPath,
            ["Mle:Tls:PrivateKeyPemPath"] = PrivateKeyPemPath,
            ["Mle:Tls:TrustedRootsPath"] = RootsPath,
            ["Mle:Tls:RequireClientCertificate"] = requireClientCertificate ? "true" : "false",
        }
        : new()
        {
            ["Mle:Tls:Enabled"] = "true",
            ["Mle:Tls:CertificatePath"] = PfxPath,
            ["Mle:Tls:CertificatePassword"] = Password,
            ["Mle:Tls:TrustedRootsPath"] = RootsPath,
            ["Mle:Tls:RequireClientCertificate"] = requireClientCertificate ? "true" : "false",
        };

    public void Dispose()
    {
        Certificate.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
