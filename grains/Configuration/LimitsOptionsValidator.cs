using Microsoft.Extensions.Options;

namespace Mle.Configuration;

/// <summary>Fails startup with a message naming each bad <c>Mle:Limits</c> setting.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        AtLeastOne(failures, nameof(options.MaxArtifactBytes), options.MaxArtifactBytes);
        AtLeastOne(failures, nameof(options.MaxArtifactExpandedBytes), options.MaxArtifactExpandedBytes);
        Between(failures, nameof(options.MaxArtifactEntries), options.MaxArtifactEntries, 1, int.MaxValue);
        Between(failures, nameof(options.MaxColumnNameLength), options.MaxColumnNameLength, 1, int.MaxValue);
        AtLeastOne(failures, nameof(options.MaxRequestBytes), options.MaxRequestBytes);
        AtLeastOne(failures, nameof(options.MaxBatchRows), options.MaxBatchRows);
        Between(failures, nameof(options.MaxUrlBytes), options.MaxUrlBytes, 256, 1024 * 1024);
        Between(failures, nameof(options.MaxConcurrentUploads), options.MaxConcurrentUploads, 1, 1024);
        Between(failures, nameof(options.MaxConcurrentRequestsPerKey), options.MaxConcurrentRequestsPerKey, 1, 100_000);
        Between(failures, nameof(options.MaxRequestsPerSecondPerKey), options.MaxRequestsPerSecondPerKey, 0, 1_000_000);
        Between(failures, nameof(options.MaxDescriptionLength), options.MaxDescriptionLength, 0, int.MaxValue);
        Between(failures, nameof(options.MaxTags), options.MaxTags, 0, int.MaxValue);
        Between(failures, nameof(options.MaxTagKeyLength), options.MaxTagKeyLength, 1, int.MaxValue);
        Between(failures, nameof(options.MaxTagValueLength), options.MaxTagValueLength, 0, int.MaxValue);
        Between(failures, nameof(options.MaxMetrics), options.MaxMetrics, 0, int.MaxValue);
        Between(failures, nameof(options.MaxMetricNameLength), options.MaxMetricNameLength, 1, int.MaxValue);
        Between(failures, nameof(options.MaxIdempotencyKeys), options.MaxIdempotencyKeys, 1, 100_000);
        Between(failures, nameof(options.MaxIdempotencyKeyLength), options.MaxIdempotencyKeyLength, 1, 1024);
        Between(failures, nameof(options.MaxEventsPerPush), options.MaxEventsPerPush, 1, 1_000_000);
        Between(failures, nameof(options.MaxLookupEntities), options.MaxLookupEntities, 1, 1_000_000);
        Between(failures, nameof(options.MaxTrainingSetRows), options.MaxTrainingSetRows, 1, 100_000_000);
        AtLeastOne(failures, nameof(options.MaxTrainingSetInputBytes), options.MaxTrainingSetInputBytes);
        AtLeastOne(failures, nameof(options.MaxDatasetBytes), options.MaxDatasetBytes);
        if (options.IdempotencyKeyRetention <= TimeSpan.Zero)
        {
            failures.Add($"{LimitsOptions.Section}:{nameof(options.IdempotencyKeyRetention)} must be positive; it is {options.IdempotencyKeyRetention}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{LimitsOptions.Section}:{setting} must be between {min} and {max}; it is {value}.");
        }
    }

    private static void AtLeastOne(List<string> failures, string setting, long value)
    {
        if (value < 1)
        {
            failures.Add($"{LimitsOptions.Section}:{setting} must be at least 1; it is {value}.");
        }
    }
}
