using System.Text.Json;
using Mle.Data;

namespace Mle.Silo.Api.Json;

/// <summary>
/// Writes values of a <see cref="Column"/> as JSON. Non-finite floating-point values (which JSON cannot
/// represent) are written as <c>null</c>.
/// </summary>
internal static class ColumnValueWriter
{
    /// <summary>Writes row <paramref name="row"/>: a scalar, or an array for a vector column.</summary>
    public static void WriteRow(Utf8JsonWriter writer, Column column, int row)
    {
        if (column.Width == 1)
        {
            WriteRange(writer, column, row, 1);
            return;
        }
        writer.WriteStartArray();
        WriteRange(writer, column, row * column.Width, column.Width);
        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="count"/> elements from <paramref name="start"/>, unwrapped.</summary>
    public static void WriteRange(Utf8JsonWriter writer, Column column, int start, int count)
    {
        var end = start + count;
        switch (column)
        {
            case Column<float> c:
                for (var i = start; i < end; i++) { WriteNumber(writer, c.Values[i]); }
                break;
            case Column<double> c:
                for (var i = start; i < end; i++) { WriteNumber(writer, c.Values[i]); }
                break;
            case Column<int> c:
                for (var i = start; i < end; i++) { writer.WriteNumberValue(c.Values[i]); }
                break;
            case Column<long> c:
                for (var i = start; i < end; i++) { writer.WriteNumberValue(c.Values[i]); }
                break;
            case Column<uint> c:
                for (var i = start; i < end; i++) { writer.WriteNumberValue(c.Values[i]); }
                break;
            case Column<bool> c:
                for (var i = start; i < end; i++) { writer.WriteBooleanValue(c.Values[i]); }
                break;
            case Column<string> c:
                for (var i = start; i < end; i++) { writer.WriteStringValue(c.Values[i]); }
                break;
            default:
                throw new NotSupportedException($"Column '{column.Name}' has an unsupported element type {column.Kind}.");
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value)) { writer.WriteNumberValue(value); } else { writer.WriteNullValue(); }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) { writer.WriteNumberValue(value); } else { writer.WriteNullValue(); }
    }
}
