using System.Text.Json;

namespace Mle.Bench.Requests;

/// <summary>
/// The JSON bodies each HTTP target expects, serialized once before a run so the load generator
/// spends nothing on them while measuring.
/// </summary>
public static class RequestBodies
{
    /// <summary>The peer service's typed row: one JSON object.</summary>
    public static byte[] PeerRow(FeatureRow row) => Write(writer => WriteObject(writer, row));

    /// <summary><c>POST /api/v1/models/{name}/versions/{v}/score</c> with <c>{"rows": [...]}</c>.</summary>
    public static byte[] PlatformRows(IReadOnlyList<FeatureRow> rows) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("rows");
        foreach (var row in rows)
        {
            WriteObject(writer, row);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary><c>POST /v2/models/{name}/versions/{v}/infer</c>: one tensor per column, first dimension the rows.</summary>
    public static byte[] OpenInference(IReadOnlyList<FeatureRow> rows) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("inputs");
        var first = rows[0].Values;
        for (var c = 0; c < first.Count; c++)
        {
            writer.WriteStartObject();
            writer.WriteString("name", first[c].Key);
            writer.WriteStartArray("shape");
            writer.WriteNumberValue(rows.Count);
            if (first[c].Value is float[] vector)
            {
                writer.WriteNumberValue(vector.Length);
            }
            writer.WriteEndArray();
            writer.WriteString("datatype", first[c].Value is string ? "BYTES" : "FP32");
            writer.WriteStartArray("data");
            foreach (var row in rows)
            {
                WriteFlat(writer, row.Values[c].Value);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static void WriteObject(Utf8JsonWriter writer, FeatureRow row)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in row.Values)
        {
            writer.WritePropertyName(name);
            if (value is float[])
            {
                writer.WriteStartArray();
                WriteFlat(writer, value);
                writer.WriteEndArray();
            }
            else
            {
                WriteFlat(writer, value);
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteFlat(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case float number:
                writer.WriteNumberValue(number);
                break;
            case float[] vector:
                foreach (var element in vector)
                {
                    writer.WriteNumberValue(element);
                }
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            default:
                throw new NotSupportedException($"Cannot write {value.GetType()}.");
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.ToArray();
    }
}
