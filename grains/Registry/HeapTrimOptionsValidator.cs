using Microsoft.Extensions.Options;

namespace Mle.Registry;

/// <summary>Fails startup with a message naming each bad setting of <see cref="HeapTrimOptions"/>.</summary>
internal sealed class HeapTrimOptionsValidator : IValidateOptions<HeapTrimOptions>
{
    public ValidateOptionsResult Validate(string? name, HeapTrimOptions options)
    {
        var failures = new List<string>();
        if (options.HeapTrimAfterRegistrations < 0)
        {
            failures.Add($"{HeapTrimOptions.Section}:{nameof(options.HeapTrimAfterRegistrations)} must be 0 (off) or more; it is {options.HeapTrimAfterRegistrations}.");
        }
        if (options.HeapTrimQuietPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{HeapTrimOptions.Section}:{nameof(options.HeapTrimQuietPeriod)} must be positive; it is {options.HeapTrimQuietPeriod}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
