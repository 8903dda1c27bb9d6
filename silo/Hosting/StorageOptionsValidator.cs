using System.Globalization;
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

        AtLeastOne(failures, nameof(options.MaxWritesPerCommit), options.MaxWritesPerCommit);
        AtLeastOne(failures, nameof(options.MaxQueuedWrites), options.MaxQueuedWrites);
        return failures.Result();
    }

    private static void AtLeastOne(SettingFailures failures, string key, int value)
    {
        if (value < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{failures.Setting(key)} must be at least 1; it is {value}."));
        }
    }
}
