namespace Mle.Pipelines;

/// <summary>A pipeline that reads a source namespace now (running or paused), and over how many partitions it spreads its events.</summary>
[GenerateSerializer, Immutable]
public sealed record PipelineReader([property: Id(0)] string Pipeline, [property: Id(1)] int Partitions, [property: Id(2)] bool ByEntity = true);
