using Mle.Data;
using Mle.Schema;

namespace Mle.Scoring;

/// <summary>
/// The conversions a scoring input may need. Rows mostly come from JSON, where a number carries no type:
/// the edge may hand us 3 as int64 and 0.5 as float64 for a float32 input. So any number converts to a
/// floating-point input (the model computes in floating point anyway), and an integer converts to another
/// integer kind when every value fits. Nothing else converts: a float never silently becomes an integer, and
/// booleans and strings are never parsed from other kinds.
/// </summary>
internal static class ColumnConversion
{
    /// <summary>The column as <paramref name="target"/>, or null when that conversion is not allowed or a value does not fit.</summary>
    public static Column? TryConvert(Column column, ScalarKind target) => (target, column) switch
    {
        (ScalarKind.Single, Column<double> c) => Map(c, static v => (float)v),
        (ScalarKind.Single, Column<int> c) => Map(c, static v => (float)v),
        (ScalarKind.Single, Column<long> c) => Map(c, static v => (float)v),
        (ScalarKind.Single, Column<uint> c) => Map(c, static v => (float)v),
        (ScalarKind.Double, Column<float> c) => Map(c, static v => (double)v),
        (ScalarKind.Double, Column<int> c) => Map(c, static v => (double)v),
        (ScalarKind.Double, Column<long> c) => Map(c, static v => (double)v),
        (ScalarKind.Double, Column<uint> c) => Map(c, static v => (double)v),
        (ScalarKind.Int64, Column<int> c) => Map(c, static v => (long)v),
        (ScalarKind.Int64, Column<uint> c) => Map(c, static v => (long)v),
        (ScalarKind.Int32, Column<long> c) when c.Values.All(v => v is >= int.MinValue and <= int.MaxValue) => Map(c, static v => (int)v),
        (ScalarKind.Int32, Column<uint> c) when c.Values.All(v => v <= int.MaxValue) => Map(c, static v => (int)v),
        (ScalarKind.UInt32, Column<int> c) when c.Values.All(v => v >= 0) => Map(c, static v => (uint)v),
        (ScalarKind.UInt32, Column<long> c) when c.Values.All(v => v is >= 0 and <= uint.MaxValue) => Map(c, static v => (uint)v),
        _ => null,
    };

    private static Column<TTo> Map<TFrom, TTo>(Column<TFrom> column, Func<TFrom, TTo> convert)
    {
        var values = new TTo[column.Values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = convert(column.Values[i]);
        }
        return Column.Create(column.Name, column.Width, values);
    }
}
