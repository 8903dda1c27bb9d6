using Mle.Data;
using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// Row-wise surgery on immutable columns, as routing needs it: take some rows (a split's variant), put rows of
/// several parts back in request order (a split's answer), glue the rows of several requests together (one score
/// call per model version) and cut them apart again.
/// </summary>
internal static class ColumnRows
{
    /// <summary>The rows at <paramref name="positions"/>, in that order.</summary>
    public static Column Take(Column column, int[] positions) => column switch
    {
        Column<float> c => Take(c, positions),
        Column<double> c => Take(c, positions),
        Column<int> c => Take(c, positions),
        Column<long> c => Take(c, positions),
        Column<uint> c => Take(c, positions),
        Column<bool> c => Take(c, positions),
        Column<string> c => Take(c, positions),
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    /// <summary><paramref name="count"/> rows from <paramref name="start"/>.</summary>
    public static Column Slice(Column column, int start, int count) => column switch
    {
        Column<float> c => Slice(c, start, count),
        Column<double> c => Slice(c, start, count),
        Column<int> c => Slice(c, start, count),
        Column<long> c => Slice(c, start, count),
        Column<uint> c => Slice(c, start, count),
        Column<bool> c => Slice(c, start, count),
        Column<string> c => Slice(c, start, count),
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    /// <summary>The rows of same-typed, same-width <paramref name="columns"/> one after the other.</summary>
    public static Column Concat(IReadOnlyList<Column> columns) => columns[0] switch
    {
        Column<float> => Concat<float>(columns),
        Column<double> => Concat<double>(columns),
        Column<int> => Concat<int>(columns),
        Column<long> => Concat<long>(columns),
        Column<uint> => Concat<uint>(columns),
        Column<bool> => Concat<bool>(columns),
        Column<string> => Concat<string>(columns),
        var other => throw new NotSupportedException(other.GetType().Name),
    };

    /// <summary>
    /// A column of <paramref name="rowCount"/> rows whose rows at <c>positions[i]</c> come from <c>columns[i]</c>;
    /// the columns have one kind and width.
    /// </summary>
    public static Column Scatter(string name, int rowCount, IReadOnlyList<(int[] Positions, Column Column)> parts) => parts[0].Column switch
    {
        Column<float> => Scatter<float>(name, rowCount, parts),
        Column<double> => Scatter<double>(name, rowCount, parts),
        Column<int> => Scatter<int>(name, rowCount, parts),
        Column<long> => Scatter<long>(name, rowCount, parts),
        Column<uint> => Scatter<uint>(name, rowCount, parts),
        Column<bool> => Scatter<bool>(name, rowCount, parts),
        Column<string> => Scatter<string>(name, rowCount, parts),
        var other => throw new NotSupportedException(other.GetType().Name),
    };

    /// <summary>Whether a number column, which <see cref="ToDoubles"/> reads.</summary>
    public static bool IsNumber(ScalarKind kind) => kind is ScalarKind.Single or ScalarKind.Double or ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.UInt32;

    /// <summary>Every value of a number column as a double.</summary>
    public static double[] ToDoubles(Column column) => column switch
    {
        Column<double> c => c.Values,
        Column<float> c => Array.ConvertAll(c.Values, static v => (double)v),
        Column<int> c => Array.ConvertAll(c.Values, static v => (double)v),
        Column<long> c => Array.ConvertAll(c.Values, static v => (double)v),
        Column<uint> c => Array.ConvertAll(c.Values, static v => (double)v),
        _ => throw new InvalidOperationException($"Column '{column.Name}' is {column.Kind.DisplayName()}, not a number."),
    };

    /// <summary>
    /// The column as <paramref name="kind"/> under <paramref name="name"/>: the same column when it already is, a
    /// converted one between number kinds (JSON and features carry doubles; models want float32), else null.
    /// </summary>
    public static Column? As(Column column, string name, ScalarKind kind)
    {
        if (column.Kind == kind)
        {
            return column.Name == name ? column : Rename(column, name);
        }
        if (!IsNumber(column.Kind) || !IsNumber(kind))
        {
            return null;
        }
        var values = ToDoubles(column);
        return kind switch
        {
            ScalarKind.Single => Column.Create(name, column.Width, Array.ConvertAll(values, static v => (float)v)),
            ScalarKind.Double => Column.Create(name, column.Width, values),
            // An integer input never silently takes a fraction: a value that is not whole does not convert.
            ScalarKind.Int32 when values.All(v => v == Math.Floor(v) && v is >= int.MinValue and <= int.MaxValue) =>
                Column.Create(name, column.Width, Array.ConvertAll(values, static v => (int)v)),
            ScalarKind.Int64 when values.All(v => v == Math.Floor(v) && v is >= long.MinValue and <= long.MaxValue) =>
                Column.Create(name, column.Width, Array.ConvertAll(values, static v => (long)v)),
            ScalarKind.UInt32 when values.All(v => v == Math.Floor(v) && v is >= 0 and <= uint.MaxValue) =>
                Column.Create(name, column.Width, Array.ConvertAll(values, static v => (uint)v)),
            _ => null,
        };
    }

    /// <summary>The first value of row <paramref name="row"/> of a number column, as a double, without a copy or a box.</summary>
    public static double Number(Column column, int row) => column switch
    {
        Column<float> c => c.Values[row * c.Width],
        Column<double> c => c.Values[row * c.Width],
        Column<int> c => c.Values[row * c.Width],
        Column<long> c => c.Values[row * c.Width],
        Column<uint> c => c.Values[row * c.Width],
        _ => throw new InvalidOperationException($"Column '{column.Name}' is {column.Kind.DisplayName()}, not a number."),
    };

    /// <summary>The value of one row of a scalar column, boxed, for expressions and votes.</summary>
    public static object? Value(Column column, int row) => column switch
    {
        Column<float> c => (double)c.Values[row * c.Width],
        Column<double> c => c.Values[row * c.Width],
        Column<int> c => (double)c.Values[row * c.Width],
        Column<long> c => (double)c.Values[row * c.Width],
        Column<uint> c => (double)c.Values[row * c.Width],
        Column<bool> c => c.Values[row * c.Width],
        Column<string> c => c.Values[row * c.Width],
        _ => null,
    };

    private static Column Rename(Column column, string name) => column switch
    {
        Column<float> c => c with { Name = name },
        Column<double> c => c with { Name = name },
        Column<int> c => c with { Name = name },
        Column<long> c => c with { Name = name },
        Column<uint> c => c with { Name = name },
        Column<bool> c => c with { Name = name },
        Column<string> c => c with { Name = name },
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    private static Column<T> Take<T>(Column<T> column, int[] positions)
    {
        var width = column.Width;
        var values = new T[positions.Length * width];
        for (var i = 0; i < positions.Length; i++)
        {
            Array.Copy(column.Values, positions[i] * width, values, i * width, width);
        }
        return Column.Create(column.Name, width, values);
    }

    private static Column<T> Slice<T>(Column<T> column, int start, int count) =>
        start == 0 && count * column.Width == column.Values.Length
            ? column
            : Column.Create(column.Name, column.Width, column.Values.AsSpan(start * column.Width, count * column.Width).ToArray());

    private static Column<T> Concat<T>(IReadOnlyList<Column> columns)
    {
        if (columns.Count == 1)
        {
            return (Column<T>)columns[0];
        }
        var values = new T[columns.Sum(c => c.Length)];
        var at = 0;
        foreach (Column<T> column in columns)
        {
            column.Values.CopyTo(values, at);
            at += column.Values.Length;
        }
        return Column.Create(columns[0].Name, columns[0].Width, values);
    }

    private static Column<T> Scatter<T>(string name, int rowCount, IReadOnlyList<(int[] Positions, Column Column)> parts)
    {
        var width = parts[0].Column.Width;
        var values = new T[rowCount * width];
        foreach (var (positions, column) in parts)
        {
            var source = ((Column<T>)column).Values;
            for (var i = 0; i < positions.Length; i++)
            {
                Array.Copy(source, i * width, values, positions[i] * width, width);
            }
        }
        return Column.Create(name, width, values);
    }
}
