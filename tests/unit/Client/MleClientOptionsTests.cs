using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mle.Client;

namespace Mle.Tests.Unit.Client;

/// <summary><see cref="MleClientOptions"/> are checked like every other options class: by a validator, on start.</summary>
public sealed class MleClientOptionsTests
{
    public static TheoryData<Action<MleClientOptions>, string> InvalidSettings => new()
    {
        { o => o.GatewayPort = 0, "MleClientOptions.GatewayPort must be between 1 and 65535; it is 0." },
        { o => o.Tenant = "no tenant", "MleClientOptions.Tenant 'no tenant' is not a valid tenant name." },
        { o => o.ClusterId = " ", "MleClientOptions.ClusterId is required" },
        { o => o.MaxArtifactBytes = 0, "MleClientOptions.MaxArtifactBytes must be at least 1; it is 0." },
        { o => o.CatalogRefreshInterval = TimeSpan.Zero, "MleClientOptions.CatalogRefreshInterval must be positive" },
        { o => o.TlsTrustedRoots.Add(PublicCertificate()), "are only used with MleClientOptions.UseTls = true." },
        { o => (o.UseTls, o.TlsClientCertificate) = (true, PublicCertificate()), "MleClientOptions.TlsClientCertificate has no private key" },
    };

    /// <summary>A certificate without its private key, as a trusted root is given.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2 PublicCertificate()
    {
        using var created = Mle.Tests.Support.ClusterCertificate.Create();
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(created.Certificate.RawData);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task An_invalid_setting_fails_the_start_of_a_host_that_adds_the_client_naming_the_setting(Action<MleClientOptions> configure, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMleClient(configure);
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(timeout.Token));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_cohosted_client_is_checked_by_the_same_validator()
    {
        using var services = new ServiceCollection().AddMleClientCohosted(o => o.Tenant = "").BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MleClientOptions>>().Value);

        Assert.Contains("MleClientOptions.Tenant", error.Message);
    }

    [Fact]
    public void Valid_settings_pass_and_reach_the_client_options()
    {
        using var services = new ServiceCollection().AddMleClientCohosted(o => o.Tenant = "acme").BuildServiceProvider();

        Assert.Equal("acme", services.GetRequiredService<IOptions<MleClientOptions>>().Value.Tenant);
    }
}
