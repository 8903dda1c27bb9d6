namespace Mle.Features;

/// <summary>
/// A value with its event time (<see cref="DateTimeOffset.UtcTicks"/>) and the entity's arrival counter, which
/// orders events of the same time: the later arrival is the newer.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct TimedValue([property: Id(0)] long Ticks, [property: Id(1)] long Sequence, [property: Id(2)] FeatureValue Value)
{
    /// <summary>Newer first: by event time, then by arrival.</summary>
    public static int NewestFirst(TimedValue a, TimedValue b) => a.Ticks != b.Ticks ? b.Ticks.CompareTo(a.Ticks) : b.Sequence.CompareTo(a.Sequence);
}
