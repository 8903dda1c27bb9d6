using System.Globalization;
using Microsoft.Extensions.Options;
using Mle.Naming;
using Mle.Security;
using Mle.Silo.Hosting;

namespace Mle.Silo.Security;

internal sealed class SecurityOptionsValidator(IOptions<ClusteringOptions> clustering) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var failures = new SettingFailures(SecurityOptions.Section);
        if (!string.IsNullOrEmpty(options.BootstrapKey) && !ApiKeyToken.TryParse(options.BootstrapKey, out _))
        {
            // The value is a secret: never echo it.
            failures.Add($"{failures.Setting(nameof(options.BootstrapKey))} must look like mle_<id>_<secret>: an id of lower-case letters and digits, a secret of {ApiKeyToken.MinSecretLength} to 256 letters, digits, '_' or '-'.");
        }
        if (!Names.IsValid(options.BootstrapTenant))
        {
            failures.Add($"{failures.Setting(nameof(options.BootstrapTenant))} '{options.BootstrapTenant}' is not a valid tenant name.");
        }
        if (options.KeyCacheTtl < TimeSpan.Zero || options.KeyCacheTtl > TimeSpan.FromHours(1))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{failures.Setting(nameof(options.KeyCacheTtl))} must be between 0 and 1 hour; it is {options.KeyCacheTtl}."));
        }
        if (options.KeyCacheSize < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{failures.Setting(nameof(options.KeyCacheSize))} must be at least 1; it is {options.KeyCacheSize}."));
        }
        if (options.MetricsKey is { } metricsKey && metricsKey.Length < ApiKeyToken.MinSecretLength)
        {
            failures.Add($"{failures.Setting(nameof(options.MetricsKey))} must be at least {ApiKeyToken.MinSecretLength} characters.");
        }
        if (options.ClusterSecret is { Length: > 0 } clusterSecret && clusterSecret.Length < ApiKeyToken.MinSecretLength)
        {
            failures.Add($"{failures.Setting(nameof(options.ClusterSecret))} must be at least {ApiKeyToken.MinSecretLength} characters.");
        }
        else if (options.Enabled && string.IsNullOrEmpty(options.ClusterSecret) && MultiSilo() is { } provider)
        {
            failures.Add($"{failures.Setting(nameof(options.ClusterSecret))} is required with {provider}: every silo must share it, " +
                "or silos would take each other's calls for clients' (at least " +
                $"{ApiKeyToken.MinSecretLength} characters, e.g. Mle__Security__ClusterSecret=$(openssl rand -base64 48)).");
        }
        if (options.DashboardSessionLifetime <= TimeSpan.Zero || options.DashboardSessionLifetime > TimeSpan.FromDays(7))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{failures.Setting(nameof(options.DashboardSessionLifetime))} must be more than 0 and at most 7 days; it is {options.DashboardSessionLifetime}."));
        }
        var jwt = options.Jwt;
        if (jwt.Enabled)
        {
            if (string.IsNullOrWhiteSpace(jwt.Audience))
            {
                failures.Add($"{failures.Setting("Jwt:Audience")} is required when Jwt:Authority or Jwt:SigningKey is set.");
            }
            if (string.IsNullOrWhiteSpace(jwt.TenantClaim) || string.IsNullOrWhiteSpace(jwt.RoleClaim))
            {
                failures.Add($"{failures.Setting("Jwt:TenantClaim")} and {failures.Setting("Jwt:RoleClaim")} must name claims.");
            }
            if (!string.IsNullOrWhiteSpace(jwt.SigningKey) && JwtSigning.Key(jwt.SigningKey) is null)
            {
                failures.Add($"{failures.Setting("Jwt:SigningKey")} must be base64 of at least 32 bytes.");
            }
            if (!string.IsNullOrWhiteSpace(jwt.SigningKey) && string.IsNullOrWhiteSpace(jwt.Issuer ?? jwt.Authority))
            {
                failures.Add($"{failures.Setting("Jwt:Issuer")} (or Jwt:Authority) is required with Jwt:SigningKey.");
            }
        }
        return failures.Result();
    }

    /// <summary>The setting that lets silos on other machines join, or null for a single-silo cluster.</summary>
    private string? MultiSilo()
    {
        ClusteringOptions options;
        try
        {
            options = clustering.Value;
        }
        catch (OptionsValidationException)
        {
            // Invalid on its own; its validator reports it.
            return null;
        }
        return options.Kubernetes ? $"{ClusteringOptions.Section}:{nameof(ClusteringOptions.Kubernetes)}=true"
            : ClusteringProviders.Find(options.Provider) is { MultiSilo: true } provider ? $"{ClusteringOptions.Section}:{nameof(ClusteringOptions.Provider)}={provider.Name}"
            : null;
    }
}
