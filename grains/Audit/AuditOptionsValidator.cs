using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mle.Audit;

/// <summary>Fails startup with a message naming each bad <c>Mle:Audit</c> setting.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var failures = new List<string>();
        if (options.Retention < TimeSpan.FromHours(1))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{AuditOptions.Section}:{nameof(options.Retention)} must be at least 1 hour; it is {options.Retention}."));
        }
        Between(failures, nameof(options.SegmentEntries), options.SegmentEntries, 10, 10_000);
        Between(failures, nameof(options.MaxSegments), options.MaxSegments, 1, 100_000);
        Between(failures, nameof(options.CompletionAttempts), options.CompletionAttempts, 1, 10);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{AuditOptions.Section}:{setting} must be between {min} and {max}; it is {value}."));
        }
    }
}
