namespace Mle.Features;

/// <summary>What the tiles of a series keep, by the aggregates they serve.</summary>
public enum SeriesKind
{
    /// <summary>Count, sum, mean and M2 (for the standard deviation), min, max: count, sum, avg, min, max, stddev.</summary>
    Stats = 0,

    /// <summary>The 64-bit hashes of the distinct values: distinct_count.</summary>
    Distinct = 1,

    /// <summary>The newest values, up to the largest n: last_n.</summary>
    Last = 2,
}
