namespace Mle.Pipelines;

/// <summary>
/// What processing one batch of events did: the counters of the pipeline and of each step, the latencies of its
/// outputs, how many events it took off the pipeline's in-flight count, and the silo that processed it (null when no
/// silo did: refused or dead-lettered at the source). A partition reports it to the pipeline.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BatchReport(
    [property: Id(0)] int Events,
    [property: Id(1)] PipelineCounters Counters,
    [property: Id(2)] IReadOnlyList<StepCounters> Steps,
    [property: Id(3)] LatencyHistogram Latency,
    [property: Id(4)] string? Silo = null);
