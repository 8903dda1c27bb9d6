namespace Mle.Features;

/// <summary>
/// One event for one entity: <paramref name="Id"/> makes it idempotent (a redelivered id changes nothing),
/// <paramref name="Time"/> is its event time (windows and point-in-time reads use it, never the arrival time),
/// <paramref name="Values"/> sets some of the set's raw features (a missing feature is left as it was; an explicit
/// null sets it to null).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FeatureEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Entity,
    [property: Id(2)] DateTimeOffset Time,
    [property: Id(3)] IReadOnlyDictionary<string, FeatureValue> Values);
