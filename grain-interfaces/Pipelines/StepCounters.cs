namespace Mle.Pipelines;

/// <summary>The counters of one step of a pipeline, over every version that had a step of that name.</summary>
[GenerateSerializer, Immutable]
public sealed record StepCounters([property: Id(0)] string Step, [property: Id(1)] string Type, [property: Id(2)] PipelineCounters Counters);
