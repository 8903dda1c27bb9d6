using Microsoft.Extensions.Options;

namespace Mle.Client;

/// <summary>Fails the host's start with a message naming each invalid <see cref="MleClientOptions"/> setting.</summary>
internal sealed class MleClientOptionsValidator : IValidateOptions<MleClientOptions>
{
    public ValidateOptionsResult Validate(string? name, MleClientOptions options)
    {
        var failures = new List<string>();
        if (!Naming.Names.IsValid(options.Tenant))
        {
            failures.Add($"{Setting(nameof(options.Tenant))} '{options.Tenant}' is not a valid tenant name.");
        }
        if (options.Gateways.Count == 0 && options.GatewayPort is < 1 or > 65535)
        {
            failures.Add($"{Setting(nameof(options.GatewayPort))} must be between 1 and 65535; it is {options.GatewayPort}.");
        }
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{Setting(nameof(options.ClusterId))} is required to find the cluster.");
        }
        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{Setting(nameof(options.ServiceId))} is required to find the cluster.");
        }
        if (options.MaxArtifactBytes < 1)
        {
            failures.Add($"{Setting(nameof(options.MaxArtifactBytes))} must be at least 1; it is {options.MaxArtifactBytes}.");
        }
        if (options.CatalogRefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(options.CatalogRefreshInterval))} must be positive; it is {options.CatalogRefreshInterval}.");
        }
        if (!options.UseTls && (options.TlsClientCertificate is not null || options.TlsTrustedRoots.Count > 0))
        {
            failures.Add($"{Setting(nameof(options.TlsClientCertificate))} and {Setting(nameof(options.TlsTrustedRoots))} are only used with {Setting(nameof(options.UseTls))} = true.");
        }
        if (options.TlsClientCertificate is { HasPrivateKey: false })
        {
            failures.Add($"{Setting(nameof(options.TlsClientCertificate))} has no private key; a client certificate must have one to prove itself.");
        }
        if (options.HttpAddress is { } http && (!http.IsAbsoluteUri || (http.Scheme != Uri.UriSchemeHttp && http.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{Setting(nameof(options.HttpAddress))} must be an absolute http or https address; it is {http}.");
        }
        if (options.NotificationBufferSize < 1)
        {
            failures.Add($"{Setting(nameof(options.NotificationBufferSize))} must be at least 1; it is {options.NotificationBufferSize}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Setting(string property) => $"{nameof(MleClientOptions)}.{property}";
}
