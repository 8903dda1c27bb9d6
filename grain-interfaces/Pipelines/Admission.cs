namespace Mle.Pipelines;

/// <summary>
/// A push the pipeline accepted: how many partitions to spread its events over, the state they find, and whether each
/// event goes to its entity's partition (the deployed version has keyed steps: one entity's events stay in order) or
/// the push goes whole onto one partition.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Admission([property: Id(0)] int Partitions, [property: Id(1)] PipelineState State, [property: Id(2)] bool ByEntity = true);
