using Microsoft.Extensions.Options;

namespace Mle.Endpoints;

/// <summary>Fails the silo's start with the setting's name when an <see cref="EndpointsOptions"/> value is out of range.</summary>
public sealed class EndpointsOptionsValidator : IValidateOptions<EndpointsOptions>
{
    public ValidateOptionsResult Validate(string? name, EndpointsOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.MaxSpecVersions), options.MaxSpecVersions, 1, 1000);
        Check(failures, nameof(options.MaxSpecLength), options.MaxSpecLength, 1024, 16 * 1024 * 1024);
        Check(failures, nameof(options.CanaryWindow), options.CanaryWindow, 1, 1_000_000);
        Check(failures, nameof(options.ShadowBacklog), options.ShadowBacklog, 1, 1_000_000);
        Check(failures, nameof(options.ShadowWorkers), options.ShadowWorkers, 1, 64);
        Check(failures, nameof(options.FeedbackMemory), options.FeedbackMemory, 1, 10_000_000);
        Check(failures, nameof(options.MaxFeedbackLabels), options.MaxFeedbackLabels, 1, 1_000_000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{EndpointsOptions.Section}:{setting} is {value}; it must be from {min} to {max}.");
        }
    }
}
