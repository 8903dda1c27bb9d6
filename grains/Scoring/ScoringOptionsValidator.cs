using Microsoft.Extensions.Options;

namespace Mle.Scoring;

/// <summary>Fails startup with a message naming the bad <c>Mle:Scoring</c> setting.</summary>
internal sealed class ScoringOptionsValidator : IValidateOptions<ScoringOptions>
{
    public ValidateOptionsResult Validate(string? name, ScoringOptions options)
    {
        var failures = new List<string>();
        if (options.CacheMaxModels < 1)
        {
            failures.Add($"{ScoringOptions.Section}:{nameof(options.CacheMaxModels)} must be at least 1; it is {options.CacheMaxModels}.");
        }
        if (options.CacheMaxBytes < 1)
        {
            failures.Add($"{ScoringOptions.Section}:{nameof(options.CacheMaxBytes)} must be at least 1; it is {options.CacheMaxBytes}.");
        }
        if (options.MaxIdleEnginesPerModel < 0)
        {
            failures.Add($"{ScoringOptions.Section}:{nameof(options.MaxIdleEnginesPerModel)} must be 0 or more (was {options.MaxIdleEnginesPerModel}).");
        }
        if (options.BulkThresholdRows < 1)
        {
            failures.Add($"{ScoringOptions.Section}:{nameof(options.BulkThresholdRows)} must be at least 1; it is {options.BulkThresholdRows}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
