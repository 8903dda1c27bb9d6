namespace Mle.Endpoints;

/// <summary>A copy of a VariantStats' numbers; <see cref="Plus"/> adds another silo's.</summary>
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
    /// <summary>Upper bounds of the latency histogram's buckets, in milliseconds; the last bucket is everything above.</summary>
    public static IReadOnlyList<double> LatencyBoundsMs { get; } = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];

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
                return i < LatencyBoundsMs.Count ? LatencyBoundsMs[i] : double.PositiveInfinity;
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
