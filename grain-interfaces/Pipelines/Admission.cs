namespace Mle.Pipelines;

/// <summary>A push the pipeline accepted: how many partitions to spread its events over, and the state they find.</summary>
[GenerateSerializer, Immutable]
public sealed record Admission([property: Id(0)] int Partitions, [property: Id(1)] PipelineState State);
