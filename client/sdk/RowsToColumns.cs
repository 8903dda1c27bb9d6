using System.Collections;
using System.Globalization;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Client;

/// <summary>
/// Turns rows given as name/value dictionaries into the <see cref="ColumnBatch"/> a model's schema asks for,
/// once, before the scoring call. Numbers convert between numeric types when no information is lost
/// (any number to a float column; only whole numbers in range to an integer column); booleans and strings
/// must be given as such; a vector column takes any non-string sequence of its element values.
/// Errors are <see cref="SchemaMismatchException"/> naming the column. Columns the model does not read are ignored.
/// </summary>
public static class RowsToColumns
{
    /// <summary>Converts <paramref name="rows"/> to one column per input of <paramref name="schema"/>.</summary>
    /// <param name="schema">The version's schema; only its inputs are used.</param>
    /// <param name="rows">One dictionary per row, keyed by column name.</param>
    /// <exception cref="SchemaMismatchException">A column is missing, null, of the wrong type or of the wrong vector length.</exception>
    public static ColumnBatch Convert(ModelSchema schema, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        var list = rows as IReadOnlyList<IReadOnlyDictionary<string, object?>> ?? rows.ToList();
        var columns = Array.ConvertAll(schema.Inputs, input => ToColumn(input, list));
        return new ColumnBatch(list.Count, columns);
    }

    private static Column ToColumn(ColumnSchema column, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => column.Kind switch
    {
        ScalarKind.Single => Fill(column, rows, (c, v) => (float)AsReal(c, v)),
        ScalarKind.Double => Fill(column, rows, AsReal),
        ScalarKind.Int32 => Fill(column, rows, (c, v) => (int)AsWhole(c, v, int.MinValue, int.MaxValue)),
        ScalarKind.Int64 => Fill(column, rows, (c, v) => (long)AsWhole(c, v, long.MinValue, long.MaxValue)),
        ScalarKind.UInt32 => Fill(column, rows, (c, v) => (uint)AsWhole(c, v, uint.MinValue, uint.MaxValue)),
        ScalarKind.Boolean => Fill(column, rows, (c, v) => v is bool b ? b : throw Wrong(c, v)),
        ScalarKind.String => Fill(column, rows, (c, v) => v as string ?? throw Wrong(c, v)),
        _ => throw new NotSupportedException($"Column '{column.Name}' has element type {column.Kind}, which rows cannot supply."),
    };

    private static Column<T> Fill<T>(ColumnSchema column, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, Func<ColumnSchema, object, T> convert)
    {
        var width = column.IsScalar ? 1 : column.Width > 0 ? column.Width : VariableWidth(column, rows);
        var values = new T[rows.Count * width];
        for (var row = 0; row < rows.Count; row++)
        {
            var value = Value(column, rows[row]);
            if (column.IsScalar)
            {
                values[row] = convert(column, value);
                continue;
            }
            var items = Items(column, value);
            if (items.Count != width)
            {
                throw MleErrors.WrongWidth(column.Name, width, items.Count);
            }
            for (var i = 0; i < width; i++)
            {
                values[(row * width) + i] = convert(column, items[i] ?? throw Wrong(column, null));
            }
        }
        return Column.Create(column.Name, width, values);
    }

    /// <summary>A vector whose length the model leaves open takes the first row's length; every row must match it.</summary>
    private static int VariableWidth(ColumnSchema column, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) =>
        rows.Count == 0 ? 0 : Items(column, Value(column, rows[0])).Count;

    private static object Value(ColumnSchema column, IReadOnlyDictionary<string, object?> row)
    {
        if (!row.TryGetValue(column.Name, out var value))
        {
            throw MleErrors.MissingColumn(column.Name);
        }
        return value ?? throw Wrong(column, null);
    }

    private static List<object?> Items(ColumnSchema column, object value) =>
        value is IEnumerable sequence and not string
            ? sequence.Cast<object?>().ToList()
            : throw MleErrors.WrongType(column.Name, Expected(column), Describe(value));

    private static double AsReal(ColumnSchema column, object value) => value switch
    {
        float or double or decimal or sbyte or byte or short or ushort or int or uint or long or ulong =>
            System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => throw Wrong(column, value),
    };

    private static decimal AsWhole(ColumnSchema column, object value, decimal min, decimal max)
    {
        var number = value switch
        {
            float f when float.IsFinite(f) => (decimal)f,
            double d when double.IsFinite(d) && Math.Abs(d) < 1e28 => (decimal)d,
            decimal or sbyte or byte or short or ushort or int or uint or long or ulong => System.Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            _ => throw Wrong(column, value),
        };
        return decimal.Truncate(number) == number && number >= min && number <= max
            ? number
            : throw MleErrors.WrongType(column.Name, Expected(column), $"{Describe(value)}, which is not a whole number in range");
    }

    private static SchemaMismatchException Wrong(ColumnSchema column, object? value) =>
        MleErrors.WrongType(column.Name, Expected(column), Describe(value));

    private static string Expected(ColumnSchema column) =>
        column.IsScalar ? column.Kind.DisplayName() : $"a vector of {column.Kind.DisplayName()}";

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"the string \"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable number and (float or double or decimal or sbyte or byte or short or ushort or int or uint or long or ulong) =>
            $"the number {number.ToString(null, CultureInfo.InvariantCulture)}",
        IEnumerable => "a list",
        _ => $"a {value.GetType().Name}",
    };
}
