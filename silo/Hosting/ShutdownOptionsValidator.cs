using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        var failures = new SettingFailures(ShutdownOptions.Section);
        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{failures.Setting(nameof(options.Timeout))} must be positive; it is {options.Timeout}."));
        }

        return failures.Result();
    }
}
