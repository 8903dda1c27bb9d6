using System.Buffers;
using System.Text.Json;
using Mle.Data;

namespace Mle.Silo.Api.Json;

/// <summary>
/// Writes a <c>/api/v1</c> score response, <c>{"model", "version", "predictions": [{column: value}, ...]}</c>,
/// straight from the predicted columns to the response body.
/// </summary>
internal static class PredictionWriter
{
    public static async Task Write(HttpResponse response, string model, int version, ColumnBatch predictions, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
        var writer = JsonWriterPool.Rent(response.BodyWriter);
        // Pooled: a fresh array of names would be an allocation on every request.
        var names = ArrayPool<JsonEncodedText>.Shared.Rent(predictions.Columns.Length);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, model);
            writer.WriteNumber("version"u8, version);
            writer.WriteStartArray("predictions"u8);

            var columns = predictions.Columns;
            for (var c = 0; c < columns.Length; c++)
            {
                names[c] = EncodedNames.Of(columns[c].Name);
            }

            for (var row = 0; row < predictions.RowCount; row++)
            {
                writer.WriteStartObject();
                for (var c = 0; c < columns.Length; c++)
                {
                    writer.WritePropertyName(names[c]);
                    ColumnValueWriter.WriteRow(writer, columns[c], row);
                }
                writer.WriteEndObject();
                if (writer.BytesPending > 64 * 1024)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<JsonEncodedText>.Shared.Return(names, clearArray: true);
            JsonWriterPool.Return(writer);
        }
    }
}
