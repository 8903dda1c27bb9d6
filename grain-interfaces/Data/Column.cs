using Mle.Schema;

namespace Mle.Data;

/// <summary>
/// One column of a <see cref="ColumnBatch"/>: <see cref="Width"/> values per row, stored row after row
/// in one flat array (row <c>i</c> is <c>Values[i*Width .. (i+1)*Width)</c>).
/// Columns are immutable: the scoring path hands them between grains by reference.
/// </summary>
[GenerateSerializer, Immutable]
public abstract record Column([property: Id(0)] string Name, [property: Id(1)] int Width)
{
    public abstract ScalarKind Kind { get; }

    /// <summary>The number of values in the flat array.</summary>
    public abstract int Length { get; }

    public int RowCount => Width == 0 ? 0 : Length / Width;

    /// <summary>The values as an untyped array, for code that switches on <see cref="Kind"/>.</summary>
    public abstract Array RawValues { get; }

    public static Column<T> Create<T>(string name, int width, T[] values) => new(name, width, values);
}

/// <summary>A column whose elements are <typeparamref name="T"/>: float, double, int, long, uint, bool or string.</summary>
[GenerateSerializer, Immutable]
public sealed record Column<T>(string Name, int Width, [property: Id(0)] T[] Values) : Column(Name, Width)
{
    public override ScalarKind Kind => ScalarKinds.Of<T>();

    public override int Length => Values.Length;

    public override Array RawValues => Values;

    public ReadOnlySpan<T> Row(int row) => Values.AsSpan(row * Width, Width);
}
