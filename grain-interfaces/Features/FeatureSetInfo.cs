namespace Mle.Features;

/// <summary>
/// One version of a feature set's definition. <paramref name="Version"/> starts at 1 and grows with every
/// accepted evolution; <paramref name="Spec"/> is normalized (defaults filled in).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FeatureSetInfo(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] int Version,
    [property: Id(3)] FeatureSetSpec Spec,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt)
{
    /// <summary>The <see cref="IFeatureSetGrain"/> key, <c>{tenant}/{name}</c>.</summary>
    public string Key => $"{Tenant}/{Name}";
}
