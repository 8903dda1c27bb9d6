using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;
using Mle.Silo.Api.Json;

namespace Mle.Silo.Api.OpenInference;

/// <summary>
/// Parses an Open Inference Protocol (KServe V2) inference request into columns by the model's schema:
/// each input tensor (<c>name</c>, <c>shape</c>, <c>datatype</c>, <c>data</c> flat or nested) becomes one
/// column whose rows are the tensor's first dimension. Tensor properties may come in any order.
/// With the binary tensor data extension the body is the JSON header (its length given by
/// <c>Inference-Header-Content-Length</c>) followed by the binary data of each input that has
/// <c>"parameters": {"binary_data_size": N}</c> instead of <c>data</c>, in the order the inputs are listed.
/// </summary>
internal static class InferRequestReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 32 };

    public static InferRequest Read(ReadOnlySequence<byte> body, ModelSchema schema, int maxRows) =>
        Read(body, null, schema, maxRows);

    /// <param name="headerLength">The <c>Inference-Header-Content-Length</c>, or null when the whole body is JSON.</param>
    public static InferRequest Read(ReadOnlySequence<byte> body, long? headerLength, ModelSchema schema, int maxRows)
    {
        var binary = new BinarySection(ReadOnlySequence<byte>.Empty, Present: headerLength is not null);
        if (headerLength is { } length)
        {
            if (length > body.Length)
            {
                throw InferenceHeader.BeyondBody(length, body.Length);
            }
            binary = binary with { Bytes = body.Slice(length) };
            body = body.Slice(0, length);
        }

        var reader = new Utf8JsonReader(body, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw MleErrors.InvalidRequest("The inference request must be a JSON object with \"inputs\".");
        }

        string? id = null;
        List<RequestedOutput>? outputs = null;
        var binaryOutput = false;
        var columns = ColumnSet.Rent(schema.Inputs);
        try
        {
            Dictionary<ColumnBuilder, Column>? decoded = null;
            long binaryRead = 0;
            int? rows = null;
            var sawInputs = false;

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = Text(ref reader, "\"id\" must be a string.", "id");
                }
                else if (reader.ValueTextEquals("inputs"u8))
                {
                    reader.Read();
                    Require(reader.TokenType == JsonTokenType.StartArray, "\"inputs\" must be an array of tensors.", "inputs");
                    sawInputs = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var tensorRows = ReadTensor(ref reader, columns, maxRows, binary, ref binaryRead, ref decoded);
                        if (rows is { } expected && expected != tensorRows)
                        {
                            throw MleErrors.InvalidRequest($"Every input must have the same first dimension (rows): {expected} and {tensorRows} were given.", "shape");
                        }
                        rows = tensorRows;
                    }
                }
                else if (reader.ValueTextEquals("outputs"u8))
                {
                    reader.Read();
                    outputs = ReadOutputs(ref reader, schema);
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    binaryOutput = ReadParameters(ref reader, "the request", "binary_data_output"u8, "parameters") ?? false;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            RequireEnd(ref reader, binary.Present);

            if (!sawInputs || rows is null)
            {
                throw MleErrors.InvalidRequest("The inference request has no \"inputs\".", "inputs");
            }
            if (binary.Present && binaryRead != binary.Bytes.Length)
            {
                throw MleErrors.InvalidRequest(
                    $"The body has {binary.Bytes.Length} bytes after the JSON header, but the inputs' binary_data_size add up to {binaryRead}.", "binary_data_size");
            }
            columns.RequireRows(rows.Value, "");

            var built = new Column[columns.Builders.Count];
            for (var i = 0; i < built.Length; i++)
            {
                var builder = columns.Builders[i];
                built[i] = decoded is not null && decoded.TryGetValue(builder, out var column) ? column : builder.Build();
            }
            return new InferRequest(id, new ColumnBatch(rows.Value, built), outputs, binaryOutput);
        }
        finally
        {
            columns.Return();
        }
    }

    private static int ReadTensor(
        ref Utf8JsonReader reader, ColumnSet columns, int maxRows, BinarySection binary, ref long binaryRead, ref Dictionary<ColumnBuilder, Column>? decoded)
    {
        Require(reader.TokenType == JsonTokenType.StartObject, "Each input must be a tensor object with name, shape, datatype and data.", "inputs");
        // Nothing here allocates for a well-formed tensor of a known input: the name and the datatype are the
        // schema's and the protocol's own strings, the shape is folded as it is read (and read again only to
        // describe it in an error).
        string? name = null;
        string? datatype = null;
        var shape = default(TensorShape);
        var shapeStart = default(Utf8JsonReader);
        long? binarySize = null;
        var data = default(Utf8JsonReader);
        var hasData = false;
        ColumnBuilder? column = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                Require(reader.TokenType == JsonTokenType.String, "An input's \"name\" must be a string.", "inputs");
                column = columns.Find(ref reader);
                name = column?.Schema.Name ?? Text(ref reader, "An input's \"name\" must be a string.", "inputs");
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                datatype = TensorDatatypes.Find(ref reader) ?? Text(ref reader, "An input's \"datatype\" must be a string such as \"FP32\".", "datatype");
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                shapeStart = reader;
                shape = ReadShape(ref reader);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                // The data may come before the name: keep a copy of the reader here and parse it at the end.
                data = reader;
                hasData = true;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                binarySize = ReadBinaryDataSize(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        Require(name is not null, "An input tensor has no \"name\".", "inputs");
        if (column is null)
        {
            throw new SchemaMismatchException($"The model has no input named '{name}'.", name);
        }
        // Plain ifs rather than Require: an interpolated message is formatted before the call, on every request.
        if (datatype is null)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' has no \"datatype\".", name);
        }
        if (shape.Dimensions == 0)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' needs a \"shape\" whose first dimension is the number of rows.", name);
        }
        if (hasData && binarySize is not null)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' has both \"data\" and a binary_data_size: send one.", name);
        }
        if (!hasData && binarySize is null)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' has no \"data\" (nor, with the binary tensor data extension, \"parameters\": {{\"binary_data_size\": N}}).", name);
        }
        if (binarySize is not null && !binary.Present)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' has a binary_data_size, but the request has no {InferenceHeader.ContentLength} header to say where its JSON ends.", name);
        }
        if (column.Rows != 0)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' is given twice.", name);
        }
        if (!TensorDatatypes.CanFeed(datatype, column.Schema.Kind))
        {
            throw MleErrors.WrongType(name, TensorDatatypes.Of(column.Schema.Kind), datatype);
        }

        var rows = shape.Rows;
        if (rows <= 0)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' has shape [{Describe(shapeStart)}]: zero rows; send at least one row.", name);
        }
        if (rows > maxRows)
        {
            throw MleErrors.BatchTooLarge(rows, maxRows);
        }
        if (shape.Width is <= 0 or > int.MaxValue)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' has shape [{Describe(shapeStart)}]: each row must have between 1 and {int.MaxValue} values.", name);
        }
        var width = shape.Width;
        if (column.Schema.Width > 0 && width != column.Schema.Width)
        {
            throw MleErrors.WrongWidth(name, column.Schema.Width, (int)width);
        }
        var values = rows * width;
        if (values > int.MaxValue)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' has shape [{Describe(shapeStart)}]: {values} values is more than one tensor can hold.", name);
        }

        if (binarySize is { } size)
        {
            decoded ??= [];
            decoded[column] = ReadBinary(column.Schema, name, datatype, shapeStart, (int)values, (int)width, size, binary, ref binaryRead);
        }
        else
        {
            // The shape says how many values come: room for them at once (bounded, as the shape is only a claim
            // until the data is read; a larger tensor grows as it is read).
            column.Reserve((int)Math.Min(values, MaxReserved));
            int count;
            try
            {
                count = column.AppendFlat(ref data);
            }
            catch (InvalidOperationException)
            {
                // The JSON reader refuses to transcode a string that is not UTF-8: the client sent bad text.
                throw MleErrors.InvalidRequest($"Input '{name}' has a string in \"data\" that is not valid UTF-8.", name);
            }
            if (count != values)
            {
                throw MleErrors.InvalidRequest($"Input '{name}' has shape [{Describe(shapeStart)}] ({values} values) but {count} values in \"data\".", name);
            }
        }
        column.CompleteRows(rows, (int)width);
        return rows;
    }

    /// <summary>The most values a tensor's shape reserves room for before its data is read.</summary>
    private const int MaxReserved = 4096;

    private static Column ReadBinary(
        ColumnSchema column, string name, string datatype, Utf8JsonReader shapeStart, int values, int width, long size, BinarySection binary, ref long binaryRead)
    {
        var remaining = binary.Bytes.Length - binaryRead;
        if (size > remaining)
        {
            throw MleErrors.InvalidRequest(
                $"Input '{name}' has binary_data_size {size}, but only {remaining} bytes of binary data remain after the JSON header and the inputs before it.", name);
        }
        if (TensorDatatypes.ElementSize(datatype) is { } elementSize && size != (long)values * elementSize)
        {
            throw MleErrors.InvalidRequest(
                $"Input '{name}' has shape [{Describe(shapeStart)}] ({values} values of {datatype}, {elementSize} bytes each: {(long)values * elementSize} bytes) but binary_data_size {size}.", name);
        }
        if (TensorDatatypes.ElementSize(datatype) is null && size < (long)values * sizeof(uint))
        {
            throw MleErrors.InvalidRequest(
                $"Input '{name}' has {values} BYTES elements, which take at least {(long)values * sizeof(uint)} bytes (a 4-byte length each), but binary_data_size {size}.", name);
        }

        var slice = binary.Bytes.Slice(binaryRead, size);
        binaryRead += size;
        var bytes = slice.IsSingleSegment ? slice.FirstSpan : slice.ToArray();
        return BinaryTensorReader.Read(column, datatype, bytes, values, width);
    }

    private static long? ReadBinaryDataSize(ref Utf8JsonReader reader)
    {
        Require(reader.TokenType == JsonTokenType.StartObject, "An input's \"parameters\" must be a JSON object.", "parameters");
        long? size = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSize = reader.ValueTextEquals("binary_data_size"u8);
            reader.Read();
            if (isSize)
            {
                Require(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0,
                    "\"binary_data_size\" must be a non-negative integer, the tensor's size in bytes.", "binary_data_size");
                size = reader.GetInt64();
            }
            else
            {
                reader.Skip();
            }
        }
        return size;
    }

    /// <summary>Reads a <c>parameters</c> object; returns the boolean parameter <paramref name="flag"/> if it is there.</summary>
    private static bool? ReadParameters(ref Utf8JsonReader reader, string owner, ReadOnlySpan<byte> flag, string target)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw MleErrors.InvalidRequest($"The \"parameters\" of {owner} must be a JSON object.", target);
        }
        bool? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isFlag = reader.ValueTextEquals(flag);
            reader.Read();
            if (isFlag)
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    throw MleErrors.InvalidRequest($"The parameter \"{System.Text.Encoding.UTF8.GetString(flag)}\" of {owner} must be true or false.", target);
                }
                value = reader.TokenType == JsonTokenType.True;
            }
            else
            {
                reader.Skip();
            }
        }
        return value;
    }

    /// <summary>Reads a <c>shape</c> array, folding it into its first dimension and the product of the others.</summary>
    private static TensorShape ReadShape(ref Utf8JsonReader reader)
    {
        Require(reader.TokenType == JsonTokenType.StartArray, "\"shape\" must be an array of non-negative integers.", "shape");
        var shape = new TensorShape(0, 0, 1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Require(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var read) && read >= 0,
                "\"shape\" must be an array of non-negative integers.", "shape");
            var dim = reader.GetInt32();
            shape = shape.Dimensions == 0
                ? shape with { Dimensions = 1, Rows = dim }
                // Once out of range the width stays out of range (0 or past int.MaxValue), whatever follows.
                : shape with { Dimensions = shape.Dimensions + 1, Width = shape.Width is <= 0 or > int.MaxValue ? shape.Width : shape.Width * dim };
        }
        return shape;
    }

    /// <summary>The shape array at <paramref name="shapeStart"/> as <c>2, 4</c>, for an error message.</summary>
    private static string Describe(Utf8JsonReader shapeStart)
    {
        var dims = new List<int>();
        while (shapeStart.Read() && shapeStart.TokenType != JsonTokenType.EndArray)
        {
            dims.Add(shapeStart.GetInt32());
        }
        return string.Join(", ", dims);
    }

    private static List<RequestedOutput> ReadOutputs(ref Utf8JsonReader reader, ModelSchema schema)
    {
        const string Shape = "\"outputs\" must be an array of {\"name\": ...} objects.";
        Require(reader.TokenType == JsonTokenType.StartArray, Shape, "outputs");
        var outputs = new List<RequestedOutput>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Require(reader.TokenType == JsonTokenType.StartObject, Shape, "outputs");
            string? name = null;
            bool? binary = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    name = Text(ref reader, "An output's \"name\" must be a string.", "outputs");
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    binary = ReadParameters(ref reader, "an output", "binary_data"u8, "outputs");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            Require(name is not null, "An output has no \"name\".", "outputs");
            if (schema.FindOutput(name) is null)
            {
                throw MleErrors.InvalidRequest($"The model has no output named '{name}'; it has {string.Join(", ", schema.Outputs.Select(o => o.Name))}.", "outputs");
            }
            outputs.Add(new RequestedOutput(name, binary));
        }
        return outputs;
    }

    /// <summary>Nothing but whitespace may follow the JSON object in its part of the body.</summary>
    private static void RequireEnd(ref Utf8JsonReader reader, bool binaryExtension)
    {
        try
        {
            if (!reader.Read())
            {
                return;
            }
        }
        catch (JsonException)
        {
            // Reported below with what most likely happened.
        }
        throw MleErrors.InvalidRequest(binaryExtension
            ? $"The JSON header ends before {InferenceHeader.ContentLength} bytes: the header must give the JSON's exact length."
            : $"The body goes on after the JSON inference request; binary tensor data needs the {InferenceHeader.ContentLength} header.");
    }

    /// <summary>A JSON string's text; invalid UTF-8 inside it is the client's error, not ours.</summary>
    private static string Text(ref Utf8JsonReader reader, string message, string target)
    {
        Require(reader.TokenType == JsonTokenType.String, message, target);
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw MleErrors.InvalidRequest($"A string in \"{target}\" is not valid UTF-8.", target);
        }
    }

    private static void Require([DoesNotReturnIf(false)] bool condition, string message, string target)
    {
        if (!condition)
        {
            throw MleErrors.InvalidRequest(message, target);
        }
    }

    /// <summary>A tensor's shape as the reader needs it: how many dimensions, the first (rows), the product of the rest.</summary>
    private readonly record struct TensorShape(int Dimensions, int Rows, long Width);

    /// <summary>The bytes after the JSON header; <see cref="Present"/> when the request uses the extension at all.</summary>
    private readonly record struct BinarySection(ReadOnlySequence<byte> Bytes, bool Present);
}
