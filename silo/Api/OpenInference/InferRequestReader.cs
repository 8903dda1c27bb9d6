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
/// </summary>
internal static class InferRequestReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 32 };

    public static InferRequest Read(ReadOnlySequence<byte> body, ModelSchema schema, int maxRows)
    {
        var reader = new Utf8JsonReader(body, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw MleErrors.InvalidRequest("The inference request must be a JSON object with \"inputs\".");
        }

        string? id = null;
        List<string>? outputs = null;
        var columns = new ColumnSet(schema.Inputs);
        int? rows = null;
        var sawInputs = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw MleErrors.InvalidRequest("\"id\" must be a string.", "id");
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                Require(reader.TokenType == JsonTokenType.StartArray, "\"inputs\" must be an array of tensors.", "inputs");
                sawInputs = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var tensorRows = ReadTensor(ref reader, columns, maxRows);
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
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!sawInputs || rows is null)
        {
            throw MleErrors.InvalidRequest("The inference request has no \"inputs\".", "inputs");
        }
        columns.RequireRows(rows.Value, "");
        return new InferRequest(id, columns.Build(rows.Value), outputs);
    }

    private static int ReadTensor(ref Utf8JsonReader reader, ColumnSet columns, int maxRows)
    {
        Require(reader.TokenType == JsonTokenType.StartObject, "Each input must be a tensor object with name, shape, datatype and data.", "inputs");
        string? name = null;
        string? datatype = null;
        int[]? shape = null;
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
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                datatype = reader.GetString();
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
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
        Require(datatype is not null, $"Input '{name}' has no \"datatype\".", name);
        Require(shape is { Length: > 0 }, $"Input '{name}' needs a \"shape\" whose first dimension is the number of rows.", name);
        Require(hasData, $"Input '{name}' has no \"data\".", name);
        if (column.Rows != 0)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' is given twice.", name);
        }
        if (!TensorDatatypes.CanFeed(datatype, column.Schema.Kind))
        {
            throw MleErrors.WrongType(name, TensorDatatypes.Of(column.Schema.Kind), datatype);
        }

        var rows = shape[0];
        if (rows > maxRows)
        {
            throw MleErrors.BatchTooLarge(rows, maxRows);
        }
        var width = 1;
        for (var d = 1; d < shape.Length; d++)
        {
            width *= shape[d];
        }
        if (column.Schema.Width > 0 && width != column.Schema.Width)
        {
            throw MleErrors.WrongWidth(name, column.Schema.Width, width);
        }

        var count = column.AppendFlat(ref data);
        if (count != rows * width)
        {
            throw MleErrors.InvalidRequest($"Input '{name}' has shape [{string.Join(", ", shape)}] ({rows * width} values) but {count} values in \"data\".", name);
        }
        column.CompleteRows(rows, width);
        return rows;
    }

    private static int[] ReadShape(ref Utf8JsonReader reader)
    {
        Require(reader.TokenType == JsonTokenType.StartArray, "\"shape\" must be an array of non-negative integers.", "shape");
        var shape = new List<int>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Require(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var dim) && dim >= 0,
                "\"shape\" must be an array of non-negative integers.", "shape");
            shape.Add(reader.GetInt32());
        }
        return [.. shape];
    }

    private static List<string> ReadOutputs(ref Utf8JsonReader reader, ModelSchema schema)
    {
        Require(reader.TokenType == JsonTokenType.StartArray, "\"outputs\" must be an array of {\"name\": ...} objects.", "outputs");
        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Require(reader.TokenType == JsonTokenType.StartObject, "\"outputs\" must be an array of {\"name\": ...} objects.", "outputs");
            string? name = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                reader.Read();
                if (isName)
                {
                    name = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            if (name is null || schema.FindOutput(name) is null)
            {
                throw MleErrors.InvalidRequest($"The model has no output named '{name}'; it has {string.Join(", ", schema.Outputs.Select(o => o.Name))}.", "outputs");
            }
            names.Add(name);
        }
        return names;
    }

    private static void Require([DoesNotReturnIf(false)] bool condition, string message, string target)
    {
        if (!condition)
        {
            throw MleErrors.InvalidRequest(message, target);
        }
    }
}
