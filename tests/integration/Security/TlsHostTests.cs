using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mle.Silo.Hosting;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Security;

/// <summary>
/// The real silo application with <c>Mle:Tls</c> from a PEM pair and client certificates required on the gateway:
/// an SDK client with a trusted certificate (and an API key) works; one without a certificate, or with a certificate
/// the silo does not trust, never connects. Settings that cannot be used stop the start, naming the setting.
/// </summary>
public sealed class TlsHostTests : IAsyncLifetime
{
    private readonly ClusterCertificate _certificate = ClusterCertificate.Create();
    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(_certificate.SiloSettings(pem: true, requireClientCertificate: true));

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
        _certificate.Dispose();
    }

    [Fact]
    public async Task An_sdk_client_with_a_trusted_certificate_scores_through_a_gateway_that_requires_one()
    {
        var client = await Client(options =>
        {
            options.UseTls = true;
            options.TlsClientCertificate = _certificate.Certificate;
            options.TlsTrustedRoots.AddRange(_certificate.Roots);
        });
        try
        {
            Assert.Equal(2, (await TlsClients.RegisterAndScore(client)).Predictions.RowCount);
        }
        finally
        {
            await TlsClients.Stop(client);
        }
    }

    [Fact]
    public async Task A_client_without_a_certificate_or_with_an_untrusted_one_is_refused()
    {
        using var stranger = ClusterCertificate.Create("CN=stranger");
        await Assert.ThrowsAnyAsync<Exception>(() => Client(options =>
        {
            options.UseTls = true;
            options.TlsTrustedRoots.AddRange(_certificate.Roots);
        }, TlsClients.RefusedWithin));
        await Assert.ThrowsAnyAsync<Exception>(() => Client(options =>
        {
            options.UseTls = true;
            options.TlsClientCertificate = stranger.Certificate;
            options.TlsTrustedRoots.AddRange(_certificate.Roots);
        }, TlsClients.RefusedWithin));
    }

    [Fact]
    public async Task A_certificate_password_that_does_not_open_the_pfx_stops_the_start_naming_the_setting()
    {
        var settings = _certificate.SiloSettings();
        settings["Mle:Tls:CertificatePassword"] = "not the password";

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings));

        Assert.Contains("Mle:Tls:CertificatePassword", refused.Message, StringComparison.Ordinal);
    }

    private Task<Microsoft.Extensions.Hosting.IHost> Client(Action<Mle.Client.MleClientOptions> tls, TimeSpan? startTimeout = null)
    {
        var clustering = Silo.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value;
        return TlsClients.Start([new IPEndPoint(IPAddress.Loopback, clustering.GatewayPort)], clustering.ClusterId, clustering.ServiceId, Silo.AdminKey, tls, startTimeout);
    }
}
