using Microsoft.Extensions.Options;

namespace Mle.Features;

/// <summary>Fails startup with a message naming each bad <c>Mle:Features</c> setting.</summary>
internal sealed class FeaturesOptionsValidator : IValidateOptions<FeaturesOptions>
{
    public ValidateOptionsResult Validate(string? name, FeaturesOptions options)
    {
        var failures = new List<string>();
        Between(failures, nameof(options.WriteBehind), options.WriteBehind, TimeSpan.Zero, TimeSpan.FromHours(1));
        Between(failures, nameof(options.IdleDeactivation), options.IdleDeactivation, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Between(failures, nameof(options.DefinitionRefreshInterval), options.DefinitionRefreshInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        Between(failures, nameof(options.MaxFutureSkew), options.MaxFutureSkew, TimeSpan.Zero, TimeSpan.FromDays(1));
        Between(failures, nameof(options.MaxTilesPerAggregate), options.MaxTilesPerAggregate, 1, 10_000_000);
        Between(failures, nameof(options.MaxFeaturesPerSet), options.MaxFeaturesPerSet, 1, 100_000);
        Between(failures, nameof(options.MaxLastN), options.MaxLastN, 1, 100_000);
        Between(failures, nameof(options.MaxIdLength), options.MaxIdLength, 1, 4096);
        Between(failures, nameof(options.TrainingSetChunkRows), options.TrainingSetChunkRows, 1, 1_000_000);
        Between(failures, nameof(options.TrainingSetParallelism), options.TrainingSetParallelism, 1, 1024);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between<T>(List<string> failures, string setting, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{FeaturesOptions.Section}:{setting} must be between {min} and {max}; it is {value}.");
        }
    }
}
