using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new SettingFailures(StorageOptions.Section);
        failures.OneOf(nameof(options.Provider), options.Provider, StorageProviders.All.Select(p => p.Name));
        if (StorageProviders.Find(options.Provider) is { } provider)
        {
            foreach (var required in provider.Requires)
            {
                failures.Required(required.Key, required.Value(options), $"by the {provider.Name} storage provider");
            }
        }

        return failures.Result();
    }
}
