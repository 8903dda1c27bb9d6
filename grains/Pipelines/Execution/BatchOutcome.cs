namespace Mle.Pipelines.Execution;

/// <summary>
/// What one batch came to: its report (counters and latencies), the events to dead-letter, what each leaf step
/// delivered, and each delivered record's latency from its event time, in milliseconds.
/// </summary>
public sealed record BatchOutcome(
    BatchReport Report,
    IReadOnlyList<PipelineDeadLetter> DeadLetters,
    IReadOnlyDictionary<string, IReadOnlyList<PipelineRecord>> Delivered)
{
    public IReadOnlyList<double> Latencies { get; init; } = [];
}
