using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mle.Data;
using Mle.Endpoints;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Silo.Api.Endpoints;

/// <summary>
/// Reads <c>{"rows": [{...}, ...]}</c> into the columns an endpoint takes (<see cref="CompiledEndpoint.Inputs"/>):
/// a required column missing, mistyped or mis-sized is refused by name; an optional one (the entity key, an
/// enrichment's entity) may be left out of a row (it reads as null); other properties are ignored. Entity keys may be
/// strings or numbers.
/// </summary>
internal static class EndpointRowsReader
{
    public static ColumnBatch Read(ReadOnlySequence<byte> body, IReadOnlyList<EndpointInput> inputs, int maxRows)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
        {
            throw MleErrors.InvalidRequest("The request body must be {\"rows\": [{...}, ...]}, one object per row.", "rows");
        }
        var count = rows.GetArrayLength();
        if (count > maxRows)
        {
            throw MleErrors.BatchTooLarge(count, maxRows);
        }
        var values = inputs.Select(_ => new object?[count]).ToArray();
        var widths = inputs.Select(i => i.Column.Width).ToArray();
        var row = 0;
        foreach (var item in rows.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw MleErrors.InvalidRequest($"Row {row} must be a JSON object of column values.", "rows");
            }
            for (var c = 0; c < inputs.Count; c++)
            {
                var input = inputs[c];
                var name = input.Column.Name;
                if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    values[c][row] = input.Optional ? null : throw MleErrors.MissingColumn(name);
                    continue;
                }
                values[c][row] = Value(value, input.Column, row, ref widths[c]);
            }
            row++;
        }
        var columns = new Column[inputs.Count];
        for (var c = 0; c < inputs.Count; c++)
        {
            columns[c] = Build(inputs[c].Column, Math.Max(widths[c], 1), values[c]);
        }
        return new ColumnBatch(count, columns);
    }

    private static object Value(JsonElement value, ColumnSchema column, int row, ref int width)
    {
        if (column.Width != 1)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw MleErrors.WrongType(column.Name, $"an array of {column.Kind.DisplayName()}", value.ValueKind.ToString().ToLowerInvariant());
            }
            var items = value.EnumerateArray().Select(v => Scalar(v, column)).ToArray();
            if (width == 0)
            {
                width = items.Length;
            }
            return items.Length == width ? items : throw MleErrors.WrongWidth(column.Name, width, items.Length);
        }
        return Scalar(value, column);
    }

    private static object Scalar(JsonElement value, ColumnSchema column) => (column.Kind, value.ValueKind) switch
    {
        (ScalarKind.String, JsonValueKind.String) => value.GetString()!,
        // An entity key may be a number in the caller's data: it keys the same entity as its text.
        (ScalarKind.String, JsonValueKind.Number) => value.GetRawText(),
        (ScalarKind.Boolean, JsonValueKind.True or JsonValueKind.False) => value.GetBoolean(),
        (not (ScalarKind.String or ScalarKind.Boolean), JsonValueKind.Number) => value.GetDouble(),
        _ => throw MleErrors.WrongType(column.Name, column.Kind.DisplayName(), value.ValueKind.ToString().ToLowerInvariant()),
    };

    private static Column Build(ColumnSchema column, int width, object?[] rows)
    {
        // Optional columns are scalars (entity keys), so only they hold nulls; a vector's rows are all there.
        var flat = rows.SelectMany(v => v is object[] items ? (IEnumerable<object?>)items : [v]).ToArray();
        return column.Kind switch
        {
            ScalarKind.String => Column.Create(column.Name, width, Array.ConvertAll(flat, v => (string)v!)),
            ScalarKind.Boolean => Column.Create(column.Name, width, Array.ConvertAll(flat, v => (bool)v!)),
            ScalarKind.Single => Column.Create(column.Name, width, Array.ConvertAll(flat, v => (float)(double)v!)),
            ScalarKind.Double => Column.Create(column.Name, width, Array.ConvertAll(flat, v => (double)v!)),
            ScalarKind.Int32 => Column.Create(column.Name, width, Array.ConvertAll(flat, v => Whole<int>(column.Name, (double)v!))),
            ScalarKind.Int64 => Column.Create(column.Name, width, Array.ConvertAll(flat, v => Whole<long>(column.Name, (double)v!))),
            ScalarKind.UInt32 => Column.Create(column.Name, width, Array.ConvertAll(flat, v => Whole<uint>(column.Name, (double)v!))),
            _ => throw new NotSupportedException(column.Kind.ToString()),
        };
    }

    private static T Whole<T>(string name, double value) where T : System.Numerics.INumber<T> =>
        value == Math.Floor(value)
            ? T.CreateSaturating(value)
            : throw MleErrors.WrongType(name, "a whole number", value.ToString(CultureInfo.InvariantCulture));
}
