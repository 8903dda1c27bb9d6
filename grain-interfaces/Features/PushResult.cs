namespace Mle.Features;

/// <summary>
/// What a batch of events did: <paramref name="Applied"/> events changed entity state; <paramref name="Duplicates"/>
/// had an id already applied; <paramref name="Late"/> were older than the allowed lateness and were dropped.
/// The three add up to <paramref name="Events"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PushResult(
    [property: Id(0)] int Events,
    [property: Id(1)] int Applied,
    [property: Id(2)] int Duplicates,
    [property: Id(3)] int Late)
{
    public static PushResult None { get; } = new(0, 0, 0, 0);

    public PushResult Add(PushResult other) =>
        new(Events + other.Events, Applied + other.Applied, Duplicates + other.Duplicates, Late + other.Late);
}
