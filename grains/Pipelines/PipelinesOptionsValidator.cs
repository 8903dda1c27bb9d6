using Microsoft.Extensions.Options;

namespace Mle.Pipelines;

/// <summary>Fails startup with a message naming each bad <c>Mle:Pipelines</c> setting.</summary>
internal sealed class PipelinesOptionsValidator : IValidateOptions<PipelinesOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelinesOptions options)
    {
        var failures = new List<string>();
        Between(failures, nameof(options.MaxInFlightEvents), options.MaxInFlightEvents, 1, 10_000_000);
        Between(failures, nameof(options.Partitions), options.Partitions, 1, 256);
        Between(failures, nameof(options.AdmissionLeaseEvents), options.AdmissionLeaseEvents, 0, 1_000_000);
        Between(failures, nameof(options.AdmissionLeaseTime), options.AdmissionLeaseTime, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Between(failures, nameof(options.MaxKeptSourceEvents), options.MaxKeptSourceEvents, 1, 10_000_000);
        Between(failures, nameof(options.MaxEventsPerCall), options.MaxEventsPerCall, 1, 100_000);
        Between(failures, nameof(options.ReportInterval), options.ReportInterval, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Between(failures, nameof(options.MaxDeadLetters), options.MaxDeadLetters, 1, 1_000_000);
        Between(failures, nameof(options.WebhookAttempts), options.WebhookAttempts, 1, 20);
        Between(failures, nameof(options.WebhookBackoff), options.WebhookBackoff, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Between(failures, nameof(options.WebhookTimeout), options.WebhookTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Between(failures, nameof(options.MaxDefinitionBytes), options.MaxDefinitionBytes, 1024, 16 * 1024 * 1024);
        Between(failures, nameof(options.MaxVersions), options.MaxVersions, 1, 100_000);
        Between(failures, nameof(options.CountersSaveInterval), options.CountersSaveInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(failures, nameof(options.SourceRefreshInterval), options.SourceRefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(failures, nameof(options.SourceUpdateTimeout), options.SourceUpdateTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        foreach (var host in options.WebhookAllowedHosts ?? [])
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) && !System.Net.IPAddress.TryParse(host, out _))
            {
                failures.Add($"{PipelinesOptions.Section}:{nameof(options.WebhookAllowedHosts)} holds '{host}'; each entry is a host name or address, '*.domain' or '*', without scheme or port.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between<T>(List<string> failures, string setting, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{PipelinesOptions.Section}:{setting} must be between {min} and {max}; it is {value}.");
        }
    }
}
