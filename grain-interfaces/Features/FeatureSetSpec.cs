namespace Mle.Features;

/// <summary>
/// What a feature set declares. <paramref name="EntityKey"/> names the entity (<c>cardId</c>); raw features and
/// windowed aggregates share one namespace of feature names. <paramref name="MaxAge"/>: a value whose event time
/// is this much older than the lookup time is <see cref="FeatureStatus.OutsideMaxAge"/> (null: never).
/// <paramref name="AllowedLateness"/>: how far behind an entity's newest event time an event may be and still be
/// applied (older ones are dropped and counted as late). <paramref name="Retention"/>: how far back before the
/// newest event point-in-time (<c>asOf</c>) reads are answered (null: one hour). <paramref name="Source"/>: the
/// stream of the <c>events</c> namespace that feeds the set, always the set's own name (<c>{tenant}/{name}</c>);
/// null means that.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FeatureSetSpec(
    [property: Id(0)] string EntityKey,
    [property: Id(1)] IReadOnlyList<RawFeature> Features,
    [property: Id(2)] IReadOnlyList<AggregateFeature> Aggregates,
    [property: Id(3)] TimeSpan? MaxAge = null,
    [property: Id(4)] TimeSpan AllowedLateness = default,
    [property: Id(5)] TimeSpan? Retention = null,
    [property: Id(6)] string? Source = null,
    [property: Id(7)] string? Description = null);
