namespace Mle.Pipelines;

/// <summary>
/// Latencies from an event's time to its output, counted in fixed buckets: <see cref="Counts"/>[i] is how many were at
/// most <see cref="Bounds"/>[i] milliseconds (and more than the bound before it); the last count is beyond every bound.
/// Fixed bounds make histograms of batches, silos and versions add up by plain addition.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LatencyHistogram([property: Id(0)] long[] Counts)
{
    /// <summary>Upper bounds of the buckets, in milliseconds.</summary>
    public static IReadOnlyList<double> Bounds { get; } = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

    public static LatencyHistogram Empty => new(new long[Bounds.Count + 1]);

    public long Count => Counts.Sum();

    public static int Bucket(double milliseconds)
    {
        for (var i = 0; i < Bounds.Count; i++)
        {
            if (milliseconds <= Bounds[i])
            {
                return i;
            }
        }
        return Bounds.Count;
    }

    public LatencyHistogram Add(LatencyHistogram other)
    {
        var counts = new long[Bounds.Count + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Counts.ElementAtOrDefault(i) + other.Counts.ElementAtOrDefault(i);
        }
        return new LatencyHistogram(counts);
    }

    /// <summary>
    /// The upper bound of the bucket the <paramref name="quantile"/> falls in (an over-estimate by at most one
    /// bucket), null when nothing was counted, and infinity when it is beyond the last bound.
    /// </summary>
    public double? Quantile(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return null;
        }
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < Counts.Length; i++)
        {
            seen += Counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return i < Bounds.Count ? Bounds[i] : double.PositiveInfinity;
            }
        }
        return double.PositiveInfinity;
    }
}
