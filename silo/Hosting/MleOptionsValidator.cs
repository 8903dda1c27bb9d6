using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class MleOptionsValidator : IValidateOptions<MleOptions>
{
    public ValidateOptionsResult Validate(string? name, MleOptions options)
    {
        var failures = new SettingFailures(MleOptions.Section);
        failures.Required(nameof(options.DataDirectory), options.DataDirectory, "to keep the silo's data");
        return failures.Result();
    }
}
