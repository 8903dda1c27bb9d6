namespace Mle.Pipelines;

/// <summary>
/// How many records went into a pipeline or a step, came out, were filtered out, failed, and were dead-lettered.
/// For the whole pipeline, <see cref="In"/> counts events and <see cref="Out"/> the records its sinks and last steps
/// delivered; a failed record is dead-lettered unless the dead letters were full (then it is only counted as failed).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineCounters(
    [property: Id(0)] long In,
    [property: Id(1)] long Out,
    [property: Id(2)] long Filtered,
    [property: Id(3)] long Failed,
    [property: Id(4)] long DeadLettered)
{
    public static PipelineCounters Zero { get; } = new(0, 0, 0, 0, 0);

    public PipelineCounters Add(PipelineCounters other) =>
        new(In + other.In, Out + other.Out, Filtered + other.Filtered, Failed + other.Failed, DeadLettered + other.DeadLettered);
}
