namespace Mle.Features;

/// <summary>The persisted list of one tenant's feature sets (grain <see cref="FeatureSetDirectoryGrain"/>), current versions by name.</summary>
[GenerateSerializer]
public sealed class FeatureSetDirectoryState
{
    [Id(0)] public Dictionary<string, FeatureSetInfo> Sets { get; set; } = [];
}
