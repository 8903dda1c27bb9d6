using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Mle.Data;
using Mle.Schema;
using Mle.Silo.Api.Json;

namespace Mle.Silo.Api.OpenInference;

/// <summary>
/// Writes an Open Inference Protocol inference response: <c>model_name</c>, <c>model_version</c>, <c>id</c>
/// and one tensor per output with <c>shape</c> <c>[rows, ...]</c>, <c>datatype</c> and flat <c>data</c>.
/// Outputs asked for as binary carry <c>"parameters": {"binary_data_size": N}</c> instead of <c>data</c>;
/// their bytes follow the JSON, whose length is then in <c>Inference-Header-Content-Length</c>.
/// </summary>
internal static class InferResponseWriter
{
    // A generated id tells responses apart in logs and traces; it needs to be unique, not secret: a random prefix per
    // process and a counter. Guid.NewGuid asks the kernel for random bytes, a system call on every response.
    private static readonly ulong GeneratedIdPrefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
    private static long _generatedIds;

    public static async Task Write(
        HttpResponse response, string model, int version, string? id, ColumnBatch predictions,
        ModelSchema schema, InferRequest request, CancellationToken cancellationToken)
    {
        var outputs = request.Outputs is null ? predictions.Columns : predictions.Columns.Where(c => request.Wants(c.Name)).ToArray();
        var binary = request.AsksForBinary ? outputs.Where(c => request.WantsBinary(c.Name)).ToArray() : [];
        if (binary.Length == 0)
        {
            response.ContentType = "application/json";
            var writer = JsonWriterPool.Rent(response.BodyWriter);
            try
            {
                WriteHeader(writer, model, version, id, predictions, schema, outputs, binary);
                await writer.FlushAsync(cancellationToken);
            }
            finally
            {
                JsonWriterPool.Return(writer);
            }
            return;
        }

        // The JSON's length goes in a response header, so the JSON is written aside before the body starts.
        var header = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(header))
        {
            WriteHeader(writer, model, version, id, predictions, schema, outputs, binary);
        }
        response.ContentType = "application/octet-stream";
        response.Headers[InferenceHeader.ContentLength] = header.WrittenCount.ToString(CultureInfo.InvariantCulture);
        response.ContentLength = header.WrittenCount + binary.Sum(BinaryTensorWriter.Size);
        await response.BodyWriter.WriteAsync(header.WrittenMemory, cancellationToken);
        foreach (var column in binary)
        {
            BinaryTensorWriter.Write(response.BodyWriter, column);
            await response.BodyWriter.FlushAsync(cancellationToken);
        }
    }

    private static void WriteHeader(
        Utf8JsonWriter writer, string model, int version, string? id, ColumnBatch predictions,
        ModelSchema schema, Column[] outputs, Column[] binary)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, model);
        // The version and a generated id are formatted on the stack: no string per response.
        Span<byte> digits = stackalloc byte[11];
        version.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        writer.WriteString("model_version"u8, digits[..written]);
        if (id is null)
        {
            Span<char> generated = stackalloc char[32];
            GeneratedIdPrefix.TryFormat(generated, out _, "x16", CultureInfo.InvariantCulture);
            ((ulong)Interlocked.Increment(ref _generatedIds)).TryFormat(generated[16..], out _, "x16", CultureInfo.InvariantCulture);
            writer.WriteString("id"u8, generated);
        }
        else
        {
            writer.WriteString("id"u8, id);
        }
        writer.WriteStartArray("outputs"u8);
        foreach (var column in outputs)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, EncodedNames.Of(column.Name));
            writer.WriteStartArray("shape"u8);
            writer.WriteNumberValue(predictions.RowCount);
            foreach (var dim in RowShape(column, schema.FindOutput(column.Name)))
            {
                writer.WriteNumberValue(dim);
            }
            writer.WriteEndArray();
            writer.WriteString("datatype"u8, EncodedNames.Of(TensorDatatypes.Of(column.Kind)));
            if (binary.Contains(column))
            {
                writer.WriteStartObject("parameters"u8);
                writer.WriteNumber("binary_data_size"u8, BinaryTensorWriter.Size(column));
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartArray("data"u8);
                ColumnValueWriter.WriteRange(writer, column, 0, column.Length);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The per-row dimensions: the schema's when it agrees with the data, else the data's width.</summary>
    private static ReadOnlySpan<int> RowShape(Column column, ColumnSchema? declared) =>
        declared is not null && declared.Width == column.Width && AllPositive(declared.Shape)
            ? declared.Shape
            : column.Width == 1 ? [] : new[] { column.Width };

    private static bool AllPositive(int[] shape)
    {
        foreach (var dim in shape)
        {
            if (dim <= 0)
            {
                return false;
            }
        }
        return true;
    }
}
