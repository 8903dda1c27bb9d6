using System.Globalization;
using System.Text.Json;
using Mle.Data;
using Mle.Schema;
using Mle.Silo.Api.Json;

namespace Mle.Silo.Api.OpenInference;

/// <summary>
/// Writes an Open Inference Protocol inference response: <c>model_name</c>, <c>model_version</c>, <c>id</c>
/// and one tensor per output with <c>shape</c> <c>[rows, ...]</c>, <c>datatype</c> and flat <c>data</c>.
/// </summary>
internal static class InferResponseWriter
{
    public static async Task Write(
        HttpResponse response, string model, int version, string id, ColumnBatch predictions,
        ModelSchema schema, IReadOnlyList<string>? requested, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, model);
        writer.WriteString("model_version"u8, version.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("id"u8, id);
        writer.WriteStartArray("outputs"u8);
        foreach (var column in predictions.Columns)
        {
            if (requested is not null && !requested.Contains(column.Name))
            {
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString("name"u8, column.Name);
            writer.WriteStartArray("shape"u8);
            writer.WriteNumberValue(predictions.RowCount);
            foreach (var dim in RowShape(column, schema.FindOutput(column.Name)))
            {
                writer.WriteNumberValue(dim);
            }
            writer.WriteEndArray();
            writer.WriteString("datatype"u8, TensorDatatypes.Of(column.Kind));
            writer.WriteStartArray("data"u8);
            ColumnValueWriter.WriteRange(writer, column, 0, column.Length);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The per-row dimensions: the schema's when it agrees with the data, else the data's width.</summary>
    private static IReadOnlyList<int> RowShape(Column column, ColumnSchema? declared) =>
        declared is not null && declared.Width == column.Width && declared.Shape.All(d => d > 0)
            ? declared.Shape
            : column.Width == 1 ? [] : [column.Width];
}
