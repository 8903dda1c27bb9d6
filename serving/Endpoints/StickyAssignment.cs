using System.Globalization;
using System.Text;

namespace Mle.Endpoints;

/// <summary>
/// Sticky weighted assignment: an entity key, the endpoint and the split's generation hash to one of
/// <see cref="Buckets"/> buckets, and cumulative weights cut the buckets into variants. The same entity therefore
/// gets the same variant on every call and on every silo (the hash is ours, not <see cref="string.GetHashCode()"/>,
/// which differs per process) until the split's generation changes; rows without a key get a random bucket.
/// </summary>
public static class StickyAssignment
{
    /// <summary>Weights are percents with two decimals' resolution.</summary>
    public const int Buckets = 10_000;

    /// <summary>
    /// What a split is, for assignment: where it sits and its variants' names and weights. Editing a variant's node
    /// (a new model version behind "b") keeps everyone where they were; changing names or weights reassigns.
    /// </summary>
    public static string Generation(SplitNode split) =>
        split.Path + "|" + string.Join(",", split.Variants.Select(v => v.Name + "=" + v.Weight.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>The generation of a canary's split between its arms: where it sits and its percent.</summary>
    public static string Generation(CanaryNode canary) =>
        canary.Path + "|canary=" + canary.Percent.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The bucket of <paramref name="key"/> in a split, from 0 to <see cref="Buckets"/> - 1.</summary>
    public static int Bucket(string endpoint, string generation, string key)
    {
        // FNV-1a over the UTF-8 bytes, then a 64-bit finalizer so that keys differing in one character spread
        // evenly over the buckets (FNV alone clusters in its low bits).
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var part in (ReadOnlySpan<string>)[endpoint, "\n", generation, "\n", key])
        {
            var bytes = Encoding.UTF8.GetByteCount(part) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(part, buffer)] : Encoding.UTF8.GetBytes(part);
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
        }
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return (int)(hash % Buckets);
    }

    /// <summary>The index of the weight (percents adding up to 100) whose share of the buckets holds <paramref name="bucket"/>.</summary>
    public static int Pick(IReadOnlyList<double> weights, int bucket)
    {
        var edge = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            edge += weights[i] * (Buckets / 100.0);
            if (bucket < Math.Round(edge))
            {
                return i;
            }
        }
        // Rounding can leave the last bucket uncovered; it belongs to the last variant with any weight.
        for (var i = weights.Count - 1; i >= 0; i--)
        {
            if (weights[i] > 0)
            {
                return i;
            }
        }
        return weights.Count - 1;
    }
}
