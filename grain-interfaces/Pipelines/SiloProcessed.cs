namespace Mle.Pipelines;

/// <summary>How many of a pipeline's events one silo processed (<see cref="Silo"/> is its address), and when it last did.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloProcessed([property: Id(0)] string Silo, [property: Id(1)] long Events, [property: Id(2)] DateTimeOffset LastAt);
