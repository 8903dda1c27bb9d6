using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class ArtifactsOptionsValidator : IValidateOptions<ArtifactsOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactsOptions options)
    {
        var failures = new SettingFailures(ArtifactsOptions.Section);
        failures.OneOf(nameof(options.Provider), options.Provider, ArtifactStorage.All.Select(p => p.Name));
        if (options.AbandonedWriteAge <= TimeSpan.Zero)
        {
            failures.Add($"{failures.Setting(nameof(options.AbandonedWriteAge))} must be positive; it is {options.AbandonedWriteAge}.");
        }
        return failures.Result();
    }
}
