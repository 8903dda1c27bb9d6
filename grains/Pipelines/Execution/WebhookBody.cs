using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mle.Pipelines.Execution;

/// <summary>
/// The body of one webhook delivery (issue 9): <c>{"pipeline": "fraud", "version": 1, "records": [{"id": "e1",
/// "time": "…", "fields": {...}}]}</c>, several records per POST; <c>id</c> is the event id, for deduplication by the
/// receiver (delivery is at least once).
/// </summary>
public static class WebhookBody
{
    private static readonly JsonSerializerOptions Options = new()
    {
        // A model may output NaN or infinity; the body still says so rather than failing the delivery.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] Write(string pipeline, int version, IReadOnlyList<PipelineRecord> records)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("pipeline", pipeline);
            json.WriteNumber("version", version);
            json.WriteStartArray("records");
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteString("id", record.Id);
                json.WriteString("time", record.Time);
                json.WritePropertyName("fields");
                JsonSerializer.Serialize(json, record.Fields, Options);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
