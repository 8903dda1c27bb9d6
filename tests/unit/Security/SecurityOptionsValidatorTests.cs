using Mle.Silo.Security;

namespace Mle.Tests.Unit.Security;

public sealed class SecurityOptionsValidatorTests
{
    private static string? Failure(Action<SecurityOptions> configure)
    {
        var options = new SecurityOptions();
        configure(options);
        return new SecurityOptionsValidator().Validate(null, options).FailureMessage;
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
}
