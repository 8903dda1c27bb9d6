namespace Mle.Features;

/// <summary>
/// A stable 64-bit hash of a feature value for distinct counts: the same in every process and after a restart
/// (never <see cref="string.GetHashCode()"/>), so persisted tiles keep meaning the same values.
/// </summary>
public static class ValueHash
{
    public static long Of(FeatureValue value) => value.Kind switch
    {
        FeatureValueKind.Int => Mix((ulong)value.Integer ^ 0x1000_0000_0000_0001UL),
        FeatureValueKind.Float => Mix((ulong)BitConverter.DoubleToInt64Bits(value.Number == 0 ? 0.0 : value.Number)),
        FeatureValueKind.Bool => value.Number != 0 ? 0x5bd1e995 : 0x1b873593,
        FeatureValueKind.String => Mix(Fnv(value.Text ?? "")),
        _ => 0,
    };

    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>The SplitMix64 finalizer: spreads nearby inputs over all 64 bits.</summary>
    private static long Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
        return (long)(x ^ (x >> 31));
    }
}
