using System.Collections;
using System.Globalization;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Pipelines.Execution;

/// <summary>
/// Records to a model's input columns (by field name, converted to the column's type) and a row of its output columns
/// back to plain values: what a score step sends to a scoring worker, one batch per step.
/// </summary>
public static class RecordColumns
{
    /// <summary>
    /// The model's inputs for every record, in order. A record that lacks an input, holds null, or holds a value the
    /// column cannot take is a <c>schema_mismatch</c> naming the event and the field.
    /// </summary>
    public static ColumnBatch Inputs(ModelSchema schema, IReadOnlyList<PipelineRecord> records)
    {
        var columns = new Column[schema.Inputs.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = schema.Inputs[c];
            columns[c] = column.Kind switch
            {
                // A record's numbers are doubles (and longs): read them straight, the rest through Convert.
                ScalarKind.Single => Build(column, records, v => v is double d ? (float)d : Convert.ToSingle(v, CultureInfo.InvariantCulture)),
                ScalarKind.Double => Build(column, records, v => v is double d ? d : Convert.ToDouble(v, CultureInfo.InvariantCulture)),
                ScalarKind.Int32 => Build(column, records, v => Convert.ToInt32(v, CultureInfo.InvariantCulture)),
                ScalarKind.Int64 => Build(column, records, v => Convert.ToInt64(v, CultureInfo.InvariantCulture)),
                ScalarKind.UInt32 => Build(column, records, v => Convert.ToUInt32(v, CultureInfo.InvariantCulture)),
                ScalarKind.Boolean => Build(column, records, v => v is bool b ? b : throw new InvalidCastException()),
                ScalarKind.String => Build(column, records, v => v as string ?? throw new InvalidCastException()),
                _ => throw new NotSupportedException($"Column kind {column.Kind} is not supported."),
            };
        }
        return new ColumnBatch(records.Count, columns);
    }

    /// <summary>Row <paramref name="row"/> of <paramref name="outputs"/>: a scalar per one-wide column, a list per wider one.</summary>
    public static Dictionary<string, object?> Row(ColumnBatch outputs, int row)
    {
        var values = new Dictionary<string, object?>(outputs.Columns.Length, StringComparer.Ordinal);
        foreach (var column in outputs.Columns)
        {
            if (column.Width == 1)
            {
                values[column.Name] = Value(column, row);
            }
            else
            {
                var items = new List<object?>(column.Width);
                for (var i = 0; i < column.Width; i++)
                {
                    items.Add(Value(column, (row * column.Width) + i));
                }
                values[column.Name] = items;
            }
        }
        return values;
    }

    /// <summary>One value of a column, boxed: typed reads for the kinds models output (Array.GetValue is several times slower).</summary>
    private static object? Value(Column column, int index) => column switch
    {
        Column<float> floats => floats.Values[index],
        Column<bool> bools => bools.Values[index],
        Column<double> doubles => doubles.Values[index],
        Column<string> strings => strings.Values[index],
        Column<int> ints => ints.Values[index],
        Column<long> longs => longs.Values[index],
        Column<uint> uints => uints.Values[index],
        _ => column.RawValues.GetValue(index),
    };

    private static Column<T> Build<T>(ColumnSchema column, IReadOnlyList<PipelineRecord> records, Func<object, T> convert)
    {
        var width = column.Width;
        var values = new T[records.Count * width];
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            var value = record.Fields.GetValueOrDefault(column.Name);
            try
            {
                if (width == 1 && value is not IList)
                {
                    values[r] = convert(value ?? throw new InvalidCastException());
                    continue;
                }
                if (value is not IList items || items.Count != width)
                {
                    throw new InvalidCastException();
                }
                for (var i = 0; i < width; i++)
                {
                    values[(r * width) + i] = convert(items[i] ?? throw new InvalidCastException());
                }
            }
            catch (Exception error) when (error is InvalidCastException or FormatException or OverflowException)
            {
                var wanted = width == 1 ? column.Kind.DisplayName() : $"{width} {column.Kind.DisplayName()} values";
                var held = value is null ? "nothing" : value is IList list ? $"a list of {list.Count}" : $"a {value.GetType().Name} ({value})";
                throw new SchemaMismatchException($"Event '{record.Id}': the model needs input '{column.Name}' as {wanted}; the record holds {held}.", column.Name);
            }
        }
        return Column.Create(column.Name, width, values);
    }
}
