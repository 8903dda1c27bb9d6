namespace Mle.Features;

/// <summary>
/// The tiles one or more aggregates share: those of the same feature, hop and <see cref="SeriesKind"/>. Kept back to
/// the longest of their windows before the retention horizon; <see cref="LastN"/> is the largest n of its last_n
/// aggregates.
/// </summary>
public sealed record TileSeries(string Key, string Feature, SeriesKind Kind, long HopTicks, long MaxWindowTicks, int LastN)
{
    public static string KeyOf(string feature, SeriesKind kind, TimeSpan hop) => $"{feature}|{kind}|{hop.Ticks}";

    public static SeriesKind KindOf(AggregateFunction function) => function switch
    {
        AggregateFunction.DistinctCount => SeriesKind.Distinct,
        AggregateFunction.LastN => SeriesKind.Last,
        _ => SeriesKind.Stats,
    };
}
