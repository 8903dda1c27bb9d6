namespace Mle.Features;

/// <summary>
/// What a windowed aggregate computes over the values of its feature in the window. Nulls are skipped.
/// <see cref="Sum"/>, <see cref="Avg"/>, <see cref="Min"/>, <see cref="Max"/> and <see cref="StdDev"/> need a
/// numeric feature (<c>float</c> or <c>int</c>); the others take any type. On the wire: <c>count</c>, <c>sum</c>,
/// <c>avg</c>, <c>min</c>, <c>max</c>, <c>stddev</c>, <c>distinct_count</c>, <c>last_n</c>.
/// </summary>
public enum AggregateFunction
{
    /// <summary>Number of non-null values; 0 for an empty window.</summary>
    Count = 0,

    /// <summary>Sum of the values; 0 for an empty window.</summary>
    Sum = 1,

    /// <summary>Sum / count; null for an empty window.</summary>
    Avg = 2,

    /// <summary>Smallest value; null for an empty window.</summary>
    Min = 3,

    /// <summary>Largest value; null for an empty window.</summary>
    Max = 4,

    /// <summary>Population standard deviation (divides by n, not n - 1); null for an empty window.</summary>
    StdDev = 5,

    /// <summary>
    /// Number of distinct values, exact up to 64-bit hash collisions (each tile keeps the hashes of its distinct
    /// values; a collision among n values undercounts with probability about n² / 2⁶⁵). 0 for an empty window.
    /// </summary>
    DistinctCount = 6,

    /// <summary>The newest <c>n</c> values by event time, newest first (a list); empty for an empty window.</summary>
    LastN = 7,
}
