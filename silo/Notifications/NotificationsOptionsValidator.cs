using System.Globalization;
using Microsoft.Extensions.Options;
using Mle.Silo.Hosting;

namespace Mle.Silo.Notifications;

internal sealed class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        var failures = new SettingFailures(NotificationsOptions.Section);
        if (options.SendQueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{failures.Setting(nameof(options.SendQueueCapacity))} must be between 1 and 1000000; it is {options.SendQueueCapacity}."));
        }
        if (options.KeepAliveInterval < TimeSpan.FromSeconds(1) || options.KeepAliveInterval > TimeSpan.FromHours(1))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{failures.Setting(nameof(options.KeepAliveInterval))} must be between 1 second and 1 hour; it is {options.KeepAliveInterval}."));
        }
        if (options.KeepAliveTimeout < options.KeepAliveInterval || options.KeepAliveTimeout > TimeSpan.FromHours(2))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{failures.Setting(nameof(options.KeepAliveTimeout))} must be at least {nameof(options.KeepAliveInterval)} and at most 2 hours; it is {options.KeepAliveTimeout}."));
        }
        if (options.MaxKinds is < 1 or > 1000)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{failures.Setting(nameof(options.MaxKinds))} must be between 1 and 1000; it is {options.MaxKinds}."));
        }
        return failures.Result();
    }
}
