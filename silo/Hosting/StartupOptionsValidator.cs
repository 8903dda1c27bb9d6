using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class StartupOptionsValidator : IValidateOptions<StartupOptions>
{
    public ValidateOptionsResult Validate(string? name, StartupOptions options)
    {
        var failures = new SettingFailures(StartupOptions.Section);
        if (options.BackendTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{failures.Setting(nameof(options.BackendTimeout))} must be positive; it is {options.BackendTimeout}.");
        }
        return failures.Result();
    }
}
