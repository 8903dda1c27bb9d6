namespace Mle.Features;

/// <summary>
/// A windowed aggregate of a raw feature: <paramref name="Function"/> over a sliding <paramref name="Window"/>
/// that moves by <paramref name="Hop"/> (the tile size: the window is a whole number of hops, and its value changes
/// once per hop). <paramref name="N"/> is the list length of <see cref="AggregateFunction.LastN"/> (ignored
/// otherwise). <paramref name="MaxAge"/> overrides the feature set's (null: the set's).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AggregateFeature(
    [property: Id(0)] string Name,
    [property: Id(1)] string Feature,
    [property: Id(2)] AggregateFunction Function,
    [property: Id(3)] TimeSpan Window,
    [property: Id(4)] TimeSpan Hop,
    [property: Id(5)] int? N = null,
    [property: Id(6)] TimeSpan? MaxAge = null);
