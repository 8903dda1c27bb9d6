using System.Text.Json;
using Mle.Features;

namespace Mle.Bench.Features;

/// <summary>The feature mart's REST bodies (and the peer's, which are the same), serialized once before a run.</summary>
public static class FeatureBodies
{
    /// <summary>
    /// <c>POST /api/v1/featuresets/{name}/lookup</c>: <c>{"entities": [...], "features": [...], "asOf": ...}</c>, with
    /// <c>asOf</c> null (now) unless given (the peer answers now only).
    /// </summary>
    public static byte[] Lookup(IReadOnlyList<string> entities, IReadOnlyList<string> features, DateTimeOffset? asOf = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteStrings(json, "entities", entities);
            WriteStrings(json, "features", features);
            if (asOf is { } at)
            {
                json.WriteString("asOf", at);
            }
            else
            {
                json.WriteNull("asOf");
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary><c>POST /api/v1/featuresets/{name}/push</c>: <c>{"events": [{"id", "entity", "time", "values"}]}</c>.</summary>
    public static byte[] Push(IEnumerable<FeatureEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("events");
            foreach (var e in events)
            {
                json.WriteStartObject();
                json.WriteString("id", e.Id);
                json.WriteString("entity", e.Entity);
                json.WriteString("time", e.Time);
                json.WriteStartObject("values");
                foreach (var (name, value) in e.Values)
                {
                    json.WritePropertyName(name);
                    WriteValue(json, value);
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter json, FeatureValue value)
    {
        switch (value.Kind)
        {
            case FeatureValueKind.Float: json.WriteNumberValue(value.Number); break;
            case FeatureValueKind.Int: json.WriteNumberValue(value.Integer); break;
            case FeatureValueKind.Bool: json.WriteBooleanValue(value.Number != 0); break;
            case FeatureValueKind.String: json.WriteStringValue(value.Text); break;
            default: json.WriteNullValue(); break;
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
