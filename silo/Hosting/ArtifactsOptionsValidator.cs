using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class ArtifactsOptionsValidator : IValidateOptions<ArtifactsOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactsOptions options)
    {
        var failures = new SettingFailures(ArtifactsOptions.Section);
        failures.OneOf(nameof(options.Provider), options.Provider, ArtifactStorage.All.Select(p => p.Name));
        return failures.Result();
    }
}
