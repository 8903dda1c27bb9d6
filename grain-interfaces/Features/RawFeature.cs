namespace Mle.Features;

/// <summary>
/// A raw feature: the latest value an event gave it, with that event's time. <paramref name="MaxAge"/> overrides
/// the feature set's <see cref="FeatureSetSpec.MaxAge"/> (null: the set's).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RawFeature(
    [property: Id(0)] string Name,
    [property: Id(1)] FeatureType Type,
    [property: Id(2)] TimeSpan? MaxAge = null);
