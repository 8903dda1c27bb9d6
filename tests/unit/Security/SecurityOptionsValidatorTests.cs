using Microsoft.Extensions.Options;
using Mle.Silo.Hosting;
using Mle.Silo.Security;

namespace Mle.Tests.Unit.Security;

public sealed class SecurityOptionsValidatorTests
{
    private static string? Failure(Action<SecurityOptions> configure, ClusteringOptions? clustering = null)
    {
        var options = new SecurityOptions();
        configure(options);
        return new SecurityOptionsValidator(Options.Create(clustering ?? new ClusteringOptions())).Validate(null, options).FailureMessage;
    }

    [Fact]
    public void Defaults_are_valid_and_security_is_on()
    {
        Assert.Null(Failure(_ => { }));
        Assert.True(new SecurityOptions().Enabled);
    }

    [Theory]
    [InlineData("Mle:Security:BootstrapKey", "o.BootstrapKey = mle_x_tooshort")]
    [InlineData("Mle:Security:BootstrapTenant", "o.BootstrapTenant = two words")]
    [InlineData("Mle:Security:KeyCacheSize", "o.KeyCacheSize = 0")]
    [InlineData("Mle:Security:Jwt:Audience", "o.Jwt.Authority = https://issuer")]
    [InlineData("Mle:Security:Jwt:SigningKey", "o.Jwt.SigningKey = c2hvcnQ=")]
    public void Each_invalid_setting_is_named(string setting, string change)
    {
        var failure = Failure(o =>
        {
            var value = change[(change.IndexOf('=', StringComparison.Ordinal) + 2)..];
            switch (change[..change.IndexOf(' ', StringComparison.Ordinal)])
            {
                case "o.BootstrapKey": o.BootstrapKey = value; break;
                case "o.BootstrapTenant": o.BootstrapTenant = value; break;
                case "o.KeyCacheSize": o.KeyCacheSize = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "o.Jwt.Authority": o.Jwt.Authority = value; break;
                default: o.Jwt.SigningKey = value; o.Jwt.Audience = "a"; o.Jwt.Issuer = "i"; break;
            }
        });
        Assert.NotNull(failure);
        Assert.Contains(setting, failure);
    }

    [Fact]
    public void A_bad_bootstrap_key_is_not_echoed()
    {
        var failure = Failure(o => o.BootstrapKey = "my-secret-password");
        Assert.DoesNotContain("my-secret-password", failure);
    }

    [Theory]
    [InlineData("Redis", false)]
    [InlineData("PostgreSql", false)]
    [InlineData("AzureTables", false)]
    [InlineData("Localhost", true)]
    public void A_multi_silo_cluster_requires_the_cluster_secret_and_names_the_setting(string provider, bool kubernetes)
    {
        var clustering = new ClusteringOptions { Provider = provider, Kubernetes = kubernetes };
        var failure = Failure(_ => { }, clustering);
        Assert.NotNull(failure);
        Assert.Contains("Mle:Security:ClusterSecret is required", failure);
        Assert.Null(Failure(o => o.ClusterSecret = new string('s', 32), clustering));
        // With security off there is nothing to authorize, and nothing to require.
        Assert.Null(Failure(o => o.Enabled = false, clustering));
    }

    [Fact]
    public void One_silo_needs_no_cluster_secret_and_a_short_one_is_refused_without_echoing_it()
    {
        Assert.Null(Failure(_ => { }));
        var failure = Failure(o => o.ClusterSecret = "short-cluster-secret");
        Assert.Contains("Mle:Security:ClusterSecret must be at least 32 characters", failure);
        Assert.DoesNotContain("short-cluster-secret", failure);
    }
}
