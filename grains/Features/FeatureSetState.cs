namespace Mle.Features;

/// <summary>The persisted state of one feature set (grain <see cref="FeatureSetGrain"/>): every version, oldest first.</summary>
[GenerateSerializer]
public sealed class FeatureSetState
{
    [Id(0)] public List<FeatureSetInfo> Versions { get; set; } = [];
}
