namespace Mle.Pipelines;

/// <summary>
/// The persisted state of one pipeline (grain <see cref="PipelineGrain"/>): every definition version, the lifecycle,
/// and the counters as of the last time they were saved (periodically, at lifecycle changes and on deactivation).
/// </summary>
[GenerateSerializer]
public sealed class PipelineGrainState
{
    [Id(0)] public List<StoredPipelineVersion> Versions { get; set; } = [];

    [Id(1)] public PipelineState State { get; set; }

    [Id(2)] public int? DeployedVersion { get; set; }

    [Id(3)] public string? FailureReason { get; set; }

    /// <summary>Grows with every lifecycle change; partitions follow the newest run they were told.</summary>
    [Id(4)] public long Epoch { get; set; }

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    [Id(7)] public PipelineCounters Counters { get; set; } = PipelineCounters.Zero;

    [Id(8)] public Dictionary<string, StepCounters> Steps { get; set; } = [];

    [Id(9)] public LatencyHistogram Latency { get; set; } = LatencyHistogram.Empty;

    /// <summary>How many partitions the pipeline's input was spread over when it was created (see <see cref="PipelinesOptions.Partitions"/>).</summary>
    [Id(10)] public int Partitions { get; set; }

    /// <summary>How many events each silo processed, by silo address (at most <see cref="MaxSilos"/>, the least recent dropped first).</summary>
    [Id(11)] public Dictionary<string, SiloProcessed> Silos { get; set; } = [];

    /// <summary>The source namespace the pipeline is attached to as a reader (running or paused a stream-source version), else null.</summary>
    [Id(12)] public string? ReadsNamespace { get; set; }

    /// <summary>Silo addresses change at every restart: older ones are dropped beyond this many.</summary>
    public const int MaxSilos = 64;
}
