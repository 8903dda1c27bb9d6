using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class ArtifactsOptionsValidator : IValidateOptions<ArtifactsOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactsOptions options)
    {
        var failures = new SettingFailures(ArtifactsOptions.Section);
        failures.OneOf(nameof(options.Provider), options.Provider, ArtifactStorage.All.Select(p => p.Name));
        if (ArtifactStorage.Find(options.Provider) is { } provider)
        {
            foreach (var required in provider.Requires ?? [])
            {
                failures.Required(required.Key, required.Value(options), $"by the {provider.Name} artifact store");
            }
            if (provider.Name == ArtifactsOptions.AzureBlob && !IsContainerName(options.Container))
            {
                failures.Add($"{failures.Setting(nameof(options.Container))} '{options.Container}' is not a blob container name: 3-63 lower-case letters, digits and single hyphens, starting with a letter or digit.");
            }
        }
        if (options.AbandonedWriteAge <= TimeSpan.Zero)
        {
            failures.Add($"{failures.Setting(nameof(options.AbandonedWriteAge))} must be positive; it is {options.AbandonedWriteAge}.");
        }
        return failures.Result();
    }

    private static bool IsContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c == '-')
        && !name.Contains("--", StringComparison.Ordinal);
}
