using Microsoft.Extensions.Options;

namespace Mle.Serving;

/// <summary>Fails startup with a message naming the <c>Mle:Serving</c> setting that is out of range.</summary>
public sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var failures = new List<string>();
        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{CatalogOptions.Section}:{setting} must be positive (it is {value}).");
            }
        }

        Positive(options.CatalogRefreshInterval, nameof(CatalogOptions.CatalogRefreshInterval));
        Positive(options.InvalidationTimeout, nameof(CatalogOptions.InvalidationTimeout));
        Positive(options.MissingModelTtl, nameof(CatalogOptions.MissingModelTtl));
        if (options.StaleRefreshWait < TimeSpan.Zero)
        {
            failures.Add($"{CatalogOptions.Section}:{nameof(CatalogOptions.StaleRefreshWait)} must not be negative (it is {options.StaleRefreshWait}).");
        }
        if (options.MaxCachedModels < 1)
        {
            failures.Add($"{CatalogOptions.Section}:{nameof(CatalogOptions.MaxCachedModels)} must be at least 1 (it is {options.MaxCachedModels}).");
        }
        if (options.MaxCachedVersions < 1)
        {
            failures.Add($"{CatalogOptions.Section}:{nameof(CatalogOptions.MaxCachedVersions)} must be at least 1 (it is {options.MaxCachedVersions}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
