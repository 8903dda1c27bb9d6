using System.Text.Json;
using Mle.Endpoints;

namespace Mle.Silo.Api.Endpoints;

/// <summary>An endpoint as the gateway shows it: its spec (as PUT), version and canary rollbacks.</summary>
public sealed record EndpointResponse(
    string Name,
    long Version,
    string? Description,
    JsonElement Spec,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RollbackResponse> Rollbacks)
{
    public static EndpointResponse From(EndpointInfo info)
    {
        using var spec = JsonDocument.Parse(info.Spec);
        return new EndpointResponse(info.Name, info.Version, info.Description, spec.RootElement.Clone(), info.CreatedAt, info.UpdatedAt,
            [.. info.Rollbacks.Select(r => RollbackResponse.From(r.Key, r.Value))]);
    }
}

/// <summary>A canary's rollback: which canary, when, and the window's numbers that decided it.</summary>
public sealed record RollbackResponse(string Canary, string CanaryId, DateTimeOffset At, int Requests, int Errors, double ErrorRate, double P99Ms, string Reason)
{
    public static RollbackResponse From(string id, RollbackEvidence evidence) =>
        new(evidence.Canary, id, evidence.At, evidence.Requests, evidence.Errors, evidence.ErrorRate, evidence.P99Ms, evidence.Reason);
}

/// <summary><c>GET .../variants</c>: every variant and node side by side, shadow candidates included, summed over the silos.</summary>
public sealed record VariantsResponse(string Endpoint, long Version, IReadOnlyList<VariantResponse> Variants, IReadOnlyList<RollbackResponse> Rollbacks);

/// <summary>
/// One variant's (or node's) numbers: <see cref="Kind"/> is <c>split</c>, <c>canary</c>, <c>shadow</c> or
/// <c>model</c>; latency quantiles are the upper bounds of their histogram buckets (<see cref="LatencyBucketsMs"/>,
/// the last bucket being everything above); <see cref="Accuracy"/> comes from feedback labels.
/// </summary>
public sealed record VariantResponse(
    string Node,
    string Kind,
    string Name,
    long Calls,
    long Rows,
    long Errors,
    double ErrorRate,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    IReadOnlyList<double> LatencyBucketsMs,
    IReadOnlyList<long> LatencyHistogram,
    ScoreDistribution Scores,
    long Labeled,
    double? Accuracy)
{
    public static VariantResponse From(VariantKey key, VariantSnapshot stats) =>
        new(key.Node, key.Kind, key.Name, stats.Calls, stats.Rows, stats.Errors, stats.Calls == 0 ? 0 : (double)stats.Errors / stats.Calls,
            Finite(stats.LatencyQuantileMs(0.5)), Finite(stats.LatencyQuantileMs(0.99)), VariantSnapshot.LatencyBoundsMs, stats.LatencyHistogram,
            new ScoreDistribution(stats.Scores, stats.ScoreMean, stats.ScoreStdDev, stats.ScoreMin, stats.ScoreMax), stats.Labeled, stats.Accuracy);

    // JSON has no infinity: a quantile in the open last bucket is reported as its lower bound's successor, null.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>The distribution of a variant's scores (Probability, Score or an ensemble's output).</summary>
public sealed record ScoreDistribution(long Count, double? Mean, double? StdDev, double? Min, double? Max);

/// <summary><c>GET .../assignments/{entity}</c>: the variant of every split an entity is assigned to, by the split's path.</summary>
public sealed record AssignmentResponse(string Endpoint, string Entity, IReadOnlyDictionary<string, string> Variants);

/// <summary>The answer to feedback: how many labels joined a prediction this silo remembers, and how many did not.</summary>
public sealed record FeedbackResponse(int Matched, int Unmatched);
