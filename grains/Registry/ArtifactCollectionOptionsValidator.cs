using Microsoft.Extensions.Options;

namespace Mle.Registry;

/// <summary>Fails startup with a message naming each bad setting of <see cref="ArtifactCollectionOptions"/>.</summary>
internal sealed class ArtifactCollectionOptionsValidator : IValidateOptions<ArtifactCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactCollectionOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.UnreferencedGracePeriod), options.UnreferencedGracePeriod);
        Positive(failures, nameof(options.UnreferencedSweepInterval), options.UnreferencedSweepInterval);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{ArtifactCollectionOptions.Section}:{setting} must be positive; it is {value}.");
        }
    }
}
