using Mle.Silo.Security;
using Mle.Tests.Support;

namespace Mle.Tests.Unit.Security;

public sealed class ClusterTlsOptionsValidatorTests : IDisposable
{
    private readonly ClusterCertificate _certificate = ClusterCertificate.Create();

    private static string? Failure(ClusterTlsOptions options) => new ClusterTlsOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void Tls_is_off_by_default_and_then_nothing_is_checked() => Assert.Null(Failure(new ClusterTlsOptions { CertificatePath = "/nowhere.pfx" }));

    [Fact]
    public void A_pfx_with_its_password_and_a_pem_pair_are_both_accepted()
    {
        Assert.Null(Failure(Pfx()));
        Assert.Null(Failure(new ClusterTlsOptions
        {
            Enabled = true,
            CertificatePemPath = _certificate.CertificatePemPath,
            PrivateKeyPemPath = _certificate.PrivateKeyPemPath,
            TrustedRootsPath = _certificate.RootsPath,
            RequireClientCertificate = true,
        }));
    }

    [Fact]
    public void Enabled_without_a_certificate_names_both_ways_to_give_one()
    {
        var failure = Failure(new ClusterTlsOptions { Enabled = true });
        Assert.Contains("Mle:Tls:CertificatePath", failure, StringComparison.Ordinal);
        Assert.Contains("Mle:Tls:CertificatePemPath", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pfx_and_a_pem_pair_together_are_refused() =>
        Assert.Contains("not both", Failure(Pfx(o => o.CertificatePemPath = _certificate.CertificatePemPath)), StringComparison.Ordinal);

    [Fact]
    public void A_missing_pfx_file_names_the_setting_and_the_path() =>
        Assert.Contains("Mle:Tls:CertificatePath '/nowhere/silo.pfx' cannot be loaded", Failure(Pfx(o => o.CertificatePath = "/nowhere/silo.pfx")), StringComparison.Ordinal);

    [Fact]
    public void A_wrong_password_names_the_password_setting() =>
        Assert.Contains("with Mle:Tls:CertificatePassword", Failure(Pfx(o => o.CertificatePassword = "wrong")), StringComparison.Ordinal);

    [Fact]
    public void Half_a_pem_pair_names_the_missing_half() =>
        Assert.Contains("Mle:Tls:PrivateKeyPemPath", Failure(new ClusterTlsOptions { Enabled = true, CertificatePemPath = _certificate.CertificatePemPath }), StringComparison.Ordinal);

    [Fact]
    public void A_pem_certificate_with_another_key_names_the_pair()
    {
        using var other = ClusterCertificate.Create("CN=someone-else");
        var failure = Failure(new ClusterTlsOptions { Enabled = true, CertificatePemPath = _certificate.CertificatePemPath, PrivateKeyPemPath = other.PrivateKeyPemPath });
        Assert.Contains("Mle:Tls:CertificatePemPath/Mle:Tls:PrivateKeyPemPath", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_client_certificates_need_trusted_roots() =>
        Assert.Contains("Mle:Tls:TrustedRootsPath", Failure(Pfx(o => (o.TrustedRootsPath, o.RequireClientCertificate) = (null, true))), StringComparison.Ordinal);

    [Fact]
    public void A_roots_file_that_holds_no_certificate_names_the_setting()
    {
        var empty = Path.Combine(_certificate.Directory, "empty.crt");
        File.WriteAllText(empty, "not a certificate");
        Assert.Contains("Mle:Tls:TrustedRootsPath", Failure(Pfx(o => o.TrustedRootsPath = empty)), StringComparison.Ordinal);
    }

    private ClusterTlsOptions Pfx(Action<ClusterTlsOptions>? change = null)
    {
        var options = new ClusterTlsOptions
        {
            Enabled = true,
            CertificatePath = _certificate.PfxPath,
            CertificatePassword = ClusterCertificate.Password,
            TrustedRootsPath = _certificate.RootsPath,
        };
        change?.Invoke(options);
        return options;
    }

    public void Dispose() => _certificate.Dispose();
}
