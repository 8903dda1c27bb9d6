namespace Mle.Features;

/// <summary>
/// A lookup of <paramref name="Features"/> (raw features and aggregates, by name) of <paramref name="Entities"/>.
/// Without <paramref name="AsOf"/>, windows are evaluated at the time of the request; with it, everything is as it
/// was at that time (point in time: no event later than it is seen), within the set's retention.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FeatureLookup(
    [property: Id(0)] IReadOnlyList<string> Entities,
    [property: Id(1)] IReadOnlyList<string> Features,
    [property: Id(2)] DateTimeOffset? AsOf = null);
