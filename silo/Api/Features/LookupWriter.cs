using System.Text.Json;
using Mle.Features;
using Mle.Silo.Api.Json;

namespace Mle.Silo.Api.Features;

/// <summary>
/// Writes lookup answers (<see cref="LookupResponse"/>, <see cref="MultiLookupResponse"/>) straight from the mart's
/// rows to the response body: the same JSON the serializer made of those records, without a boxed object per value
/// and three lists per entity first (a lookup of 100 entities allocated about 6 KB per entity that way).
/// </summary>
internal static class LookupWriter
{
    private static readonly JsonEncodedText Present = JsonEncodedText.Encode(LookupResponse.Status(FeatureStatus.Present));
    private static readonly JsonEncodedText NotFound = JsonEncodedText.Encode(LookupResponse.Status(FeatureStatus.NotFound));
    private static readonly JsonEncodedText Null = JsonEncodedText.Encode(LookupResponse.Status(FeatureStatus.Null));
    private static readonly JsonEncodedText OutsideMaxAge = JsonEncodedText.Encode(LookupResponse.Status(FeatureStatus.OutsideMaxAge));

    /// <summary>One feature set's answer: <c>{"features", "results", "at"}</c>.</summary>
    public static Task Write(HttpResponse response, FeatureLookupResult result, CancellationToken cancellationToken) =>
        Write(response, writer => WriteLookup(writer, result, null), cancellationToken);

    /// <summary>Several sets' answers: <c>{"results": [{"featureSet", "features", "results", "at"}, ...]}</c>.</summary>
    public static Task Write(HttpResponse response, IReadOnlyList<(FeatureLookupResult Result, string FeatureSet)> results, CancellationToken cancellationToken) =>
        Write(response, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results"u8);
            foreach (var (result, set) in results)
            {
                WriteLookup(writer, result, set);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }, cancellationToken);

    private static async Task Write(HttpResponse response, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
        var writer = JsonWriterPool.Rent(response.BodyWriter);
        try
        {
            write(writer);
            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            JsonWriterPool.Return(writer);
        }
    }

    private static void WriteLookup(Utf8JsonWriter writer, FeatureLookupResult result, string? featureSet)
    {
        writer.WriteStartObject();
        if (featureSet is not null)
        {
            writer.WriteString("featureSet"u8, featureSet);
        }
        writer.WriteStartArray("features"u8);
        foreach (var name in result.Features)
        {
            writer.WriteStringValue(name);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("results"u8);
        foreach (var row in result.Rows)
        {
            writer.WriteStartObject();
            writer.WriteString("entity"u8, row.Entity);
            writer.WriteStartArray("values"u8);
            foreach (var value in row.Values)
            {
                WriteValue(writer, value);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("statuses"u8);
            foreach (var status in row.Statuses)
            {
                writer.WriteStringValue(status switch
                {
                    FeatureStatus.Present => Present,
                    FeatureStatus.NotFound => NotFound,
                    FeatureStatus.Null => Null,
                    _ => OutsideMaxAge,
                });
            }
            writer.WriteEndArray();
            writer.WriteStartArray("eventTimes"u8);
            foreach (var time in row.EventTimes)
            {
                if (time is { } t)
                {
                    writer.WriteStringValue(t);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteString("at"u8, result.At);
        writer.WriteEndObject();
    }

    /// <summary>A value as <see cref="FeatureValue.ToObject"/> would serialize.</summary>
    private static void WriteValue(Utf8JsonWriter writer, FeatureValue value)
    {
        switch (value.Kind)
        {
            case FeatureValueKind.Float:
                writer.WriteNumberValue(value.Number);
                break;
            case FeatureValueKind.Int:
                writer.WriteNumberValue(value.Integer);
                break;
            case FeatureValueKind.Bool:
                writer.WriteBooleanValue(value.Number != 0);
                break;
            case FeatureValueKind.String when value.Text is not null:
                writer.WriteStringValue(value.Text);
                break;
            case FeatureValueKind.List when value.Items is not null:
                writer.WriteStartArray();
                foreach (var item in value.Items)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
