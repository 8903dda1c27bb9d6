namespace Mle.Endpoints;

/// <summary>
/// One variant's or node's numbers on one silo: calls, rows, errors, a latency histogram, the distribution of its
/// score (count, mean, standard deviation, min, max of its first number output) and, from feedback, its online
/// accuracy. Fixed size whatever the traffic. Thread-safe.
/// </summary>
public sealed class VariantStats
{
    /// <summary>Upper bounds of the latency histogram's buckets, in milliseconds; the last bucket is everything above.</summary>
    public static IReadOnlyList<double> LatencyBoundsMs { get; } = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];

    private readonly Lock _gate = new();
    private readonly long[] _latency = new long[LatencyBoundsMs.Count + 1];
    private long _calls;
    private long _rows;
    private long _errors;
    private long _scores;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _labeled;
    private long _correct;

    public void RecordCall(int rows, bool failed, double latencyMs, ReadOnlySpan<double> scores)
    {
        var bucket = 0;
        while (bucket < LatencyBoundsMs.Count && latencyMs > LatencyBoundsMs[bucket])
        {
            bucket++;
        }
        lock (_gate)
        {
            _calls++;
            _rows += rows;
            _errors += failed ? 1 : 0;
            _latency[bucket]++;
            foreach (var score in scores)
            {
                if (!double.IsFinite(score))
                {
                    continue;
                }
                // Welford's update: a running mean and variance without keeping the scores.
                _scores++;
                var delta = score - _mean;
                _mean += delta / _scores;
                _m2 += delta * (score - _mean);
                _min = Math.Min(_min, score);
                _max = Math.Max(_max, score);
            }
        }
    }

    public void RecordFeedback(bool correct)
    {
        lock (_gate)
        {
            _labeled++;
            _correct += correct ? 1 : 0;
        }
    }

    public VariantSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new VariantSnapshot(_calls, _rows, _errors, [.. _latency],
                _scores, _scores == 0 ? null : _mean, _scores < 2 ? null : Math.Sqrt(_m2 / (_scores - 1)),
                _scores == 0 ? null : _min, _scores == 0 ? null : _max,
                _labeled, _labeled == 0 ? null : (double)_correct / _labeled);
        }
    }
}

/// <summary>A copy of a <see cref="VariantStats"/>' numbers; <see cref="Plus"/> adds another silo's.</summary>
[GenerateSerializer, Immutable]
public sealed record VariantSnapshot(
    [property: Id(0)] long Calls,
    [property: Id(1)] long Rows,
    [property: Id(2)] long Errors,
    [property: Id(3)] long[] LatencyHistogram,
    [property: Id(4)] long Scores,
    [property: Id(5)] double? ScoreMean,
    [property: Id(6)] double? ScoreStdDev,
    [property: Id(7)] double? ScoreMin,
    [property: Id(8)] double? ScoreMax,
    [property: Id(9)] long Labeled,
    [property: Id(10)] double? Accuracy)
{
    /// <summary>The latency under which <paramref name="quantile"/> of calls fell, as the upper bound of its histogram bucket.</summary>
    public double? LatencyQuantileMs(double quantile)
    {
        if (Calls == 0)
        {
            return null;
        }
        var rank = (long)Math.Ceiling(quantile * Calls);
        long seen = 0;
        for (var i = 0; i < LatencyHistogram.Length; i++)
        {
            seen += LatencyHistogram[i];
            if (seen >= rank)
            {
                return i < VariantStats.LatencyBoundsMs.Count ? VariantStats.LatencyBoundsMs[i] : double.PositiveInfinity;
            }
        }
        return double.PositiveInfinity;
    }

    public VariantSnapshot Plus(VariantSnapshot other)
    {
        var scores = Scores + other.Scores;
        double? mean = scores == 0 ? null : ((ScoreMean ?? 0) * Scores + (other.ScoreMean ?? 0) * other.Scores) / scores;
        var labeled = Labeled + other.Labeled;
        return new VariantSnapshot(Calls + other.Calls, Rows + other.Rows, Errors + other.Errors,
            LatencyHistogram.Zip(other.LatencyHistogram, (a, b) => a + b).ToArray(),
            scores, mean,
            // Standard deviations of two silos do not add; the larger is a conservative summary.
            ScoreStdDev is null ? other.ScoreStdDev : other.ScoreStdDev is null ? ScoreStdDev : Math.Max(ScoreStdDev.Value, other.ScoreStdDev.Value),
            Min(ScoreMin, other.ScoreMin), Max(ScoreMax, other.ScoreMax),
            labeled, labeled == 0 ? null : ((Accuracy ?? 0) * Labeled + (other.Accuracy ?? 0) * other.Labeled) / labeled);
    }

    private static double? Min(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
