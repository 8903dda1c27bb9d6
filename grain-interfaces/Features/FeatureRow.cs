namespace Mle.Features;

/// <summary>
/// One entity's looked-up features, in the order they were asked for: <paramref name="Values"/>[i] with
/// <paramref name="Statuses"/>[i] and <paramref name="EventTimes"/>[i] (for a raw feature its value's event time;
/// for an aggregate the newest event time in its window; null when there is none).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FeatureRow(
    [property: Id(0)] string Entity,
    [property: Id(1)] IReadOnlyList<FeatureValue> Values,
    [property: Id(2)] IReadOnlyList<FeatureStatus> Statuses,
    [property: Id(3)] IReadOnlyList<DateTimeOffset?> EventTimes);
