namespace Mle.Pipelines;

/// <summary>
/// A pipeline with its live metrics, as <c>GET /api/v1/pipelines/{name}</c> shows it: the pipeline's counters, each
/// step's, and the latency from event time to output. Counters are kept since the pipeline's grain last activated
/// plus what was saved at its last lifecycle change (see <c>PipelineGrain</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineStatus(
    [property: Id(0)] PipelineInfo Pipeline,
    [property: Id(1)] PipelineCounters Counters,
    [property: Id(2)] IReadOnlyList<StepCounters> Steps,
    [property: Id(3)] LatencyHistogram Latency,
    [property: Id(4)] long InFlight);
