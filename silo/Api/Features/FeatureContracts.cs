using System.Text.Json;

namespace Mle.Silo.Api.Features;

/// <summary>
/// The body of <c>POST /api/v1/featuresets</c> and <c>PUT /api/v1/featuresets/{name}</c>. Durations are strings
/// (<c>"1s"</c>, <c>"10m"</c>, <c>"1h"</c>, <c>"1d"</c>); types are <c>float</c>, <c>int</c>, <c>bool</c>,
/// <c>string</c>; functions <c>count</c>, <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c>, <c>stddev</c>,
/// <c>distinct_count</c>, <c>last_n</c> (with <c>n</c>).
/// </summary>
public sealed record FeatureSetBody(
    string? Name,
    string? EntityKey,
    List<FeatureBody?>? Features,
    List<AggregateBody?>? Aggregates,
    string? MaxAge,
    string? AllowedLateness,
    string? Retention,
    string? Source,
    string? Description);

/// <summary>A raw feature of a <see cref="FeatureSetBody"/>.</summary>
public sealed record FeatureBody(string? Name, string? Type, string? MaxAge);

/// <summary>A windowed aggregate of a <see cref="FeatureSetBody"/>.</summary>
public sealed record AggregateBody(string? Name, string? Feature, string? Function, string? Window, string? Hop, int? N, string? MaxAge);

/// <summary>The body of <c>POST /api/v1/featuresets/{name}/push</c>.</summary>
public sealed record PushBody(List<EventBody?>? Events);

/// <summary>One event: <c>time</c> is an ISO 8601 timestamp; <c>values</c> maps raw features to JSON numbers, strings, booleans or null.</summary>
public sealed record EventBody(string? Id, string? Entity, string? Time, Dictionary<string, JsonElement>? Values);

/// <summary>The body of <c>POST /api/v1/featuresets/{name}/lookup</c>: <c>asOf</c> null (or absent) means now.</summary>
public sealed record LookupBody(List<string?>? Entities, List<string?>? Features, string? AsOf);

/// <summary>The body of <c>POST /api/v1/features/lookup</c>: several feature sets at once, all at the same <c>asOf</c>.</summary>
public sealed record MultiLookupBody(List<SetLookupBody?>? Lookups, string? AsOf);

/// <summary>One feature set's part of a <see cref="MultiLookupBody"/>.</summary>
public sealed record SetLookupBody(string? FeatureSet, List<string?>? Entities, List<string?>? Features);
