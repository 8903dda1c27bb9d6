namespace Mle.Pipelines;

/// <summary>
/// A pipeline with its live metrics, as <c>GET /api/v1/pipelines/{name}</c> shows it: the pipeline's counters, each
/// step's, the latency from event time to output, and how many events each silo processed (the pipeline runs on every
/// silo). Counters are saved periodically (<c>Mle:Pipelines:CountersSaveInterval</c>), at lifecycle changes and on
/// deactivation: after a crash they may lag by at most that interval.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineStatus(
    [property: Id(0)] PipelineInfo Pipeline,
    [property: Id(1)] PipelineCounters Counters,
    [property: Id(2)] IReadOnlyList<StepCounters> Steps,
    [property: Id(3)] LatencyHistogram Latency,
    [property: Id(4)] long InFlight,
    [property: Id(5)] IReadOnlyList<SiloProcessed>? Silos = null);
