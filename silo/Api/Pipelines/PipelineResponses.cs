using System.Text.Json;
using Mle.Features;
using Mle.Pipelines;

namespace Mle.Silo.Api.Pipelines;

/// <summary>
/// A pipeline as lists show it: <c>version</c> is the version it runs (the latest before its first deploy),
/// <c>state</c> its lifecycle state and <c>allowedCommands</c> what that state allows.
/// </summary>
public sealed record PipelineResponse(
    string Name,
    int Version,
    int LatestVersion,
    int? DeployedVersion,
    PipelineState State,
    string Source,
    string? FailureReason,
    IReadOnlyList<string> AllowedCommands,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static PipelineResponse From(PipelineInfo p) => new(
        p.Name, p.DeployedVersion ?? p.LatestVersion, p.LatestVersion, p.DeployedVersion, p.State, p.SourceType, p.FailureReason, p.AllowedCommands, p.CreatedAt, p.UpdatedAt);
}

/// <summary>
/// <c>GET /api/v1/pipelines/{name}</c> (issue 9's shape): the pipeline, its counters, each step's counters, the
/// latency from event time to output, the events in flight now, and how many events each silo processed
/// (<c>silos</c>: the pipeline runs on every silo).
/// </summary>
public sealed record PipelineStatusResponse(
    string Name,
    int Version,
    int LatestVersion,
    int? DeployedVersion,
    PipelineState State,
    string Source,
    string? FailureReason,
    IReadOnlyList<string> AllowedCommands,
    CountersResponse Counters,
    IReadOnlyList<StepResponse> Steps,
    LatencyResponse Latency,
    long InFlight,
    IReadOnlyList<SiloResponse> Silos,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static PipelineStatusResponse From(PipelineStatus status)
    {
        var p = status.Pipeline;
        return new(p.Name, p.DeployedVersion ?? p.LatestVersion, p.LatestVersion, p.DeployedVersion, p.State, p.SourceType, p.FailureReason, p.AllowedCommands,
            CountersResponse.From(status.Counters),
            [.. status.Steps.Select(s => new StepResponse(s.Step, s.Type, CountersResponse.From(s.Counters)))],
            LatencyResponse.From(status.Latency),
            status.InFlight,
            [.. (status.Silos ?? []).Select(s => new SiloResponse(s.Silo, s.Events, s.LastAt))],
            p.CreatedAt, p.UpdatedAt);
    }
}

public sealed record CountersResponse(long In, long Out, long Filtered, long Failed, long DeadLettered)
{
    public static CountersResponse From(PipelineCounters c) => new(c.In, c.Out, c.Filtered, c.Failed, c.DeadLettered);
}

/// <summary>How many of the pipeline's events one silo (its address) processed, and when it last did.</summary>
public sealed record SiloResponse(string Silo, long Processed, DateTimeOffset LastAt);

public sealed record StepResponse(string Name, string Type, CountersResponse Counters);

/// <summary>
/// Event time to output, in milliseconds: <c>p50</c> and <c>p99</c> are the upper bounds of the buckets they fall in
/// (null before any output); <c>buckets</c> counts outputs per upper bound (<c>le</c>, null for beyond the last). A
/// quantile beyond the last bound has no upper bound to give: it is null, and <c>p50Exceeds</c> / <c>p99Exceeds</c>
/// say what it exceeds (the last bound), rather than a made-up number; they are null otherwise.
/// </summary>
public sealed record LatencyResponse(long Count, double? P50, double? P99, IReadOnlyList<BucketResponse> Buckets, double? P50Exceeds = null, double? P99Exceeds = null)
{
    public static LatencyResponse From(LatencyHistogram h)
    {
        var (p50, p50Exceeds) = Bounded(h.Quantile(0.5));
        var (p99, p99Exceeds) = Bounded(h.Quantile(0.99));
        return new(
            h.Count,
            p50,
            p99,
            [.. h.Counts.Select((count, i) => new BucketResponse(i < LatencyHistogram.Bounds.Count ? LatencyHistogram.Bounds[i] : null, count))],
            p50Exceeds,
            p99Exceeds);
    }

    private static (double? Value, double? Exceeds) Bounded(double? quantile) =>
        quantile is { } q && !double.IsFinite(q) ? (null, LatencyHistogram.Bounds[^1]) : (quantile, null);
}

public sealed record BucketResponse(double? Le, long Count);

/// <summary>One kept definition version: its number, when it was added, and the definition as it was posted.</summary>
public sealed record PipelineVersionResponse(int Version, DateTimeOffset CreatedAt, JsonElement Definition)
{
    public static PipelineVersionResponse From(PipelineVersion v)
    {
        using var document = JsonDocument.Parse(v.Json);
        return new(v.Version, v.CreatedAt, document.RootElement.Clone());
    }
}

/// <summary>A push accepted under the source's guarantee: how many events, and the state they found (paused: kept for resume).</summary>
public sealed record AcceptedResponse(int Accepted, PipelineState State);

/// <summary>A dead letter: the event as it was pushed, the step it failed in, why, and the version that ran.</summary>
public sealed record DeadLetterResponse(long Sequence, string Step, string Code, string Reason, int? Version, DateTimeOffset At, DeadEventResponse Event)
{
    public static DeadLetterResponse From(PipelineDeadLetter l) => new(l.Sequence, l.Step, l.Code, l.Reason, l.Version, l.At,
        new DeadEventResponse(l.Event.Id, string.IsNullOrEmpty(l.Event.Entity) ? null : l.Event.Entity, l.Event.Time,
            (l.Event.Values ?? new Dictionary<string, FeatureValue>()).ToDictionary(v => v.Key, v => v.Value.ToObject(), StringComparer.Ordinal)));
}

public sealed record DeadEventResponse(string Id, string? Entity, DateTimeOffset Time, IReadOnlyDictionary<string, object?> Values);

/// <summary>
/// How many dead letters were put back on the pipeline's input, and how many of those present when the replay began
/// remain (a replayed event that fails again comes back as a new letter and is not counted here).
/// </summary>
public sealed record ReplayResponse(int Replayed, int Remaining);
