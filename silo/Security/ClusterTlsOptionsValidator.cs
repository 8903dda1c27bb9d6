using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Security;

/// <summary>Fails the start with a message naming each bad <c>Mle:Tls</c> setting, having loaded what the settings name.</summary>
internal sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        var pfx = !string.IsNullOrWhiteSpace(options.CertificatePath);
        var pem = !string.IsNullOrWhiteSpace(options.CertificatePemPath) || !string.IsNullOrWhiteSpace(options.PrivateKeyPemPath);
        if (pfx == pem)
        {
            failures.Add($"{Setting(nameof(options.Enabled))} is true: set either {Setting(nameof(options.CertificatePath))} (a PFX file) or " +
                $"{Setting(nameof(options.CertificatePemPath))} and {Setting(nameof(options.PrivateKeyPemPath))} (a PEM pair), not both and not neither.");
        }
        else if (pem && (string.IsNullOrWhiteSpace(options.CertificatePemPath) || string.IsNullOrWhiteSpace(options.PrivateKeyPemPath)))
        {
            failures.Add($"{Setting(nameof(options.CertificatePemPath))} and {Setting(nameof(options.PrivateKeyPemPath))} go together: set both.");
        }
        else
        {
            var setting = pfx ? Setting(nameof(options.CertificatePath)) : $"{Setting(nameof(options.CertificatePemPath))}/{Setting(nameof(options.PrivateKeyPemPath))}";
            var path = pfx ? options.CertificatePath! : options.CertificatePemPath!;
            try
            {
                using var certificate = ClusterCertificates.Silo(options);
                if (ClusterCertificates.Unusable(certificate) is { } reason)
                {
                    failures.Add($"{setting} '{path}': {reason}");
                }
            }
            // ArgumentException: a PEM key that is not the certificate's.
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                failures.Add($"{setting} '{path}' cannot be loaded{(pfx ? $" with {Setting(nameof(options.CertificatePassword))}" : "")}: {e.Message}");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.TrustedRootsPath))
        {
            try
            {
                ClusterCertificates.TrustedRoots(options);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                failures.Add($"{Setting(nameof(options.TrustedRootsPath))} '{options.TrustedRootsPath}' cannot be loaded: {e.Message}");
            }
        }
        else if (options.RequireClientCertificate)
        {
            failures.Add($"{Setting(nameof(options.RequireClientCertificate))} needs {Setting(nameof(options.TrustedRootsPath))}: the roots client certificates must chain to.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Setting(string property) => $"{ClusterTlsOptions.Section}:{property}";
}
