using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new SettingFailures(TelemetryOptions.Section);
        if (options.TraceSampleRatio is < 0 or > 1 || double.IsNaN(options.TraceSampleRatio))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{failures.Setting(nameof(options.TraceSampleRatio))} must be between 0 and 1; it is {options.TraceSampleRatio}."));
        }
        if (options.DashboardSampleInterval < TimeSpan.FromSeconds(1) || options.DashboardSampleInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{failures.Setting(nameof(options.DashboardSampleInterval))} must be between 00:00:01 and 00:01:00; it is {options.DashboardSampleInterval}."));
        }

        return failures.Result();
    }
}
