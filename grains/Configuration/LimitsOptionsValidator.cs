using Microsoft.Extensions.Options;

namespace Mle.Configuration;

/// <summary>Fails startup with a message naming each bad <c>Mle:Limits</c> setting.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        AtLeastOne(failures, nameof(options.MaxArtifactBytes), options.MaxArtifactBytes);
        AtLeastOne(failures, nameof(options.MaxRequestBytes), options.MaxRequestBytes);
        AtLeastOne(failures, nameof(options.MaxBatchRows), options.MaxBatchRows);
        if (options.MaxUrlBytes is < 256 or > 1024 * 1024)
        {
            failures.Add($"{LimitsOptions.Section}:{nameof(options.MaxUrlBytes)} must be between 256 and 1048576; it is {options.MaxUrlBytes}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AtLeastOne(List<string> failures, string setting, long value)
    {
        if (value < 1)
        {
            failures.Add($"{LimitsOptions.Section}:{setting} must be at least 1; it is {value}.");
        }
    }
}
