namespace Mle.Pipelines;

/// <summary>
/// What a partition of a pipeline needs to know to consume: whether to process (<see cref="PipelineState.Running"/>),
/// keep (<see cref="PipelineState.Paused"/>) or refuse events, and with which definition version. <see cref="Epoch"/>
/// grows with every change, so a partition ignores an older run than the one it holds; <see cref="Generation"/> tells
/// a pipeline from an earlier one of the same name that was deleted (its creation time, in ticks).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineRun(
    [property: Id(0)] PipelineState State,
    [property: Id(1)] int? Version,
    [property: Id(2)] long Epoch,
    [property: Id(3)] long Generation);
