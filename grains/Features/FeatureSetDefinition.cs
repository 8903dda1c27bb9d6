using Mle.Errors;

namespace Mle.Features;

/// <summary>
/// One version of a feature set, ready for use by entities and lookups: features by name, the tile series each raw
/// feature feeds. Immutable; built once per version per silo (<see cref="FeatureSetCatalog"/>).
/// </summary>
public sealed class FeatureSetDefinition
{
    private readonly Dictionary<string, IReadOnlyList<TileSeries>> _seriesByFeature;
    private readonly Dictionary<string, TileSeries> _seriesByAggregate;

    public FeatureSetDefinition(FeatureSetInfo info)
    {
        Info = info;
        Ref = new FeatureSetRef(info.Tenant, info.Name);
        Raw = info.Spec.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Aggregates = info.Spec.Aggregates.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var series = info.Spec.Aggregates
            .GroupBy(a => TileSeries.KeyOf(a.Feature, TileSeries.KindOf(a.Function), a.Hop))
            .Select(g => new TileSeries(
                g.Key, g.First().Feature, TileSeries.KindOf(g.First().Function), g.First().Hop.Ticks,
                g.Max(a => a.Window.Ticks), g.Max(a => a.N ?? 0)))
            .ToDictionary(s => s.Key, StringComparer.Ordinal);
        _seriesByAggregate = info.Spec.Aggregates.ToDictionary(
            a => a.Name, a => series[TileSeries.KeyOf(a.Feature, TileSeries.KindOf(a.Function), a.Hop)], StringComparer.Ordinal);
        _seriesByFeature = series.Values.GroupBy(s => s.Feature)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TileSeries>)[.. g], StringComparer.Ordinal);
        AllSeries = [.. series.Values];
    }

    public FeatureSetInfo Info { get; }

    public FeatureSetRef Ref { get; }

    public int Version => Info.Version;

    public IReadOnlyDictionary<string, RawFeature> Raw { get; }

    public IReadOnlyDictionary<string, AggregateFeature> Aggregates { get; }

    /// <summary>How far before an entity's newest event time history is kept for point-in-time reads.</summary>
    public TimeSpan Retention => Info.Spec.Retention ?? FeatureSetRules.DefaultRetention;

    public TimeSpan AllowedLateness => Info.Spec.AllowedLateness;

    /// <summary>The tile series a raw feature's values go to (none when no aggregate uses it).</summary>
    public IReadOnlyList<TileSeries> SeriesOf(string feature) => _seriesByFeature.TryGetValue(feature, out var series) ? series : [];

    public TileSeries SeriesOfAggregate(string aggregate) => _seriesByAggregate[aggregate];

    /// <summary>Every tile series of the set, each once (every entity's prune walks them: computed once per version).</summary>
    public IReadOnlyList<TileSeries> AllSeries { get; }

    public bool Declares(string feature) => Raw.ContainsKey(feature) || Aggregates.ContainsKey(feature);

    /// <summary>The max age of a feature: its own, else the set's; null means values never age out.</summary>
    public TimeSpan? MaxAgeOf(string feature) =>
        Raw.TryGetValue(feature, out var raw) ? raw.MaxAge ?? Info.Spec.MaxAge
        : Aggregates.TryGetValue(feature, out var aggregate) ? aggregate.MaxAge ?? Info.Spec.MaxAge
        : throw MleErrors.UnknownFeature(Ref.Name, feature, feature);
}
