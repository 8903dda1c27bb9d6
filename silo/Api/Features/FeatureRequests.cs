using System.Globalization;
using System.Text.Json;
using Mle.Errors;
using Mle.Features;

namespace Mle.Silo.Api.Features;

/// <summary>Turns the gateway's JSON bodies into the mart's requests, naming the field of every bad input.</summary>
public static class FeatureRequests
{
    public static FeatureSetSpec Spec(FeatureSetBody? body)
    {
        if (body is null)
        {
            throw MleErrors.InvalidFeatureSet("The body must be a feature set definition.", "body");
        }
        var features = (body.Features ?? []).Select((f, i) => f is null
            ? throw MleErrors.InvalidFeatureSet("A feature cannot be null.", $"features[{i}]")
            : new RawFeature(
                f.Name!,
                FeatureSetRules.TryParseType(f.Type, out var type)
                    ? type
                    : throw MleErrors.InvalidFeatureSet($"'{f.Type}' is not a feature type: use float, int, bool or string.", $"features[{i}].type"),
                Durations.ParseOptional(f.MaxAge, $"features[{i}].maxAge"))).ToList();
        var aggregates = (body.Aggregates ?? []).Select((a, i) => a is null
            ? throw MleErrors.InvalidFeatureSet("An aggregate cannot be null.", $"aggregates[{i}]")
            : new AggregateFeature(
                a.Name!,
                a.Feature!,
                FeatureSetRules.TryParseFunction(a.Function, out var function)
                    ? function
                    : throw MleErrors.InvalidFeatureSet(
                        $"'{a.Function}' is not an aggregate function: use count, sum, avg, min, max, stddev, distinct_count or last_n.", $"aggregates[{i}].function"),
                Durations.Parse(a.Window, $"aggregates[{i}].window"),
                Durations.Parse(a.Hop, $"aggregates[{i}].hop"),
                a.N,
                Durations.ParseOptional(a.MaxAge, $"aggregates[{i}].maxAge"))).ToList();
        return new FeatureSetSpec(
            body.EntityKey!,
            features,
            aggregates,
            Durations.ParseOptional(body.MaxAge, "maxAge"),
            Durations.ParseOptional(body.AllowedLateness, "allowedLateness") ?? TimeSpan.Zero,
            Durations.ParseOptional(body.Retention, "retention"),
            body.Source,
            body.Description);
    }

    /// <summary>The events of a push, in order; JSON values become typed values (the mart checks them against the set).</summary>
    public static IReadOnlyList<FeatureEvent?> Events(PushBody? body, int limit)
    {
        var events = body?.Events ?? throw MleErrors.InvalidRequest("The body must carry events: {\"events\": [{\"id\": ..., \"entity\": ..., \"time\": ..., \"values\": {...}}]}.", "events");
        if (events.Count > limit)
        {
            throw MleErrors.TooManyEvents(events.Count, limit);
        }
        var result = new FeatureEvent?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not { } e)
            {
                throw MleErrors.InvalidEvent($"events[{i}] is null.", $"events[{i}]");
            }
            var values = new Dictionary<string, FeatureValue>(StringComparer.Ordinal);
            foreach (var (name, json) in e.Values ?? [])
            {
                values[name] = Value(name, json, $"events[{i}].values.{name}");
            }
            result[i] = new FeatureEvent(e.Id!, e.Entity!, Time(e.Time, $"events[{i}].time", required: true)!.Value, values);
        }
        return result;
    }

    /// <summary>
    /// A lookup of the body's lists as they are: a null entity is refused by the mart's check of every id (with its
    /// index); a null feature becomes an empty name, refused as unknown.
    /// </summary>
    public static FeatureLookup Lookup(List<string?>? entities, List<string?>? features, DateTimeOffset? asOf) => new(
        entities is not null ? (IReadOnlyList<string>)entities! : throw MleErrors.InvalidRequest("The lookup needs entities: {\"entities\": [\"c1\"]}.", "entities"),
        features?.Select(f => f ?? "").ToList() ?? throw MleErrors.InvalidRequest("The lookup needs features: {\"features\": [\"amount\"]}.", "features"),
        asOf);

    /// <summary>An ISO 8601 time with an offset or <c>Z</c> (a time without one is read as UTC).</summary>
    public static DateTimeOffset? Time(string? text, string target, bool required = false)
    {
        if (text is null)
        {
            return required ? throw MleErrors.InvalidEvent($"{target} is missing: an ISO 8601 timestamp such as 2026-01-01T00:00:00Z.", target) : null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return time;
        }
        throw required
            ? MleErrors.InvalidEvent($"{target} '{text}' is not an ISO 8601 timestamp such as 2026-01-01T00:00:00Z.", target)
            : MleErrors.InvalidRequest($"{target} '{text}' is not an ISO 8601 timestamp such as 2026-01-01T00:00:00Z.", target);
    }

    private static FeatureValue Value(string name, JsonElement json, string target) => json.ValueKind switch
    {
        JsonValueKind.Null => FeatureValue.Null,
        JsonValueKind.True => FeatureValue.Bool(true),
        JsonValueKind.False => FeatureValue.Bool(false),
        JsonValueKind.String => FeatureValue.String(json.GetString()!),
        JsonValueKind.Number when IsWhole(json) && json.TryGetInt64(out var whole) => FeatureValue.Int(whole),
        JsonValueKind.Number when json.TryGetDouble(out var number) && double.IsFinite(number) => FeatureValue.Float(number),
        JsonValueKind.Number => throw MleErrors.FeatureTypeMismatch(name, "a number a double can hold", $"the number {json.GetRawText()}", target),
        _ => throw MleErrors.FeatureTypeMismatch(name, "a number, string, boolean or null", json.ValueKind == JsonValueKind.Array ? "an array" : "an object", target),
    };

    private static bool IsWhole(JsonElement number) => number.GetRawText().AsSpan().IndexOfAny(".eE") < 0;
}
