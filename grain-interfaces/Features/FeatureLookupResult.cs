namespace Mle.Features;

/// <summary>
/// The answer to a <see cref="FeatureLookup"/>, row-major: <paramref name="Features"/> names the columns once;
/// <paramref name="Rows"/> has one row per requested entity, in request order. <paramref name="At"/> is the time
/// the windows were evaluated at (the request's <c>asOf</c>, or the time of the request).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FeatureLookupResult(
    [property: Id(0)] IReadOnlyList<string> Features,
    [property: Id(1)] IReadOnlyList<FeatureRow> Rows,
    [property: Id(2)] DateTimeOffset At);
