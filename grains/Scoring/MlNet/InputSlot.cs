using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Data;
using Mle.Schema;

namespace Mle.Scoring.MlNet;

/// <summary>
/// Serves one model input column from the bound <see cref="ColumnBatch"/> at the current row, in the
/// representation ML.NET expects (scalar, <c>VBuffer</c>, <c>ReadOnlyMemory&lt;char&gt;</c>). A slot outlives
/// batches: rebinding swaps the array its getter reads, so a row mapper built once keeps working.
/// </summary>
internal abstract class InputSlot
{
    /// <summary>Points the slot at <paramref name="column"/>, or at nothing when the caller did not supply it.</summary>
    public abstract void Bind(Column? column);

    /// <summary>A <c>ValueGetter</c> of the column's raw ML.NET type.</summary>
    public abstract Delegate Getter { get; }

    public static InputSlot For(DataViewSchema.Column column, RowPosition position)
    {
        var type = MlNetColumnType.Of(column, showKeyValues: false);
        if (type is null)
        {
            // A column whose type we do not serve cannot be required (the schema would have been rejected), so
            // only a transform the prediction does not depend on could read it: it sees the type's default.
            return (InputSlot)Activator.CreateInstance(typeof(AbsentSlot<>).MakeGenericType(column.Type.RawType))!;
        }
        return (type.IsVector, type.Kind) switch
        {
            (false, ScalarKind.String) => new ScalarSlot<string, ReadOnlyMemory<char>>(position, static s => s.AsMemory()),
            (true, ScalarKind.String) => new VectorSlot<string, ReadOnlyMemory<char>>(position, type.Width, static s => s.AsMemory()),
            (false, ScalarKind.Single) => Scalar<float>(position),
            (true, ScalarKind.Single) => Vector<float>(position, type.Width),
            (false, ScalarKind.Double) => Scalar<double>(position),
            (true, ScalarKind.Double) => Vector<double>(position, type.Width),
            (false, ScalarKind.Int32) => Scalar<int>(position),
            (true, ScalarKind.Int32) => Vector<int>(position, type.Width),
            (false, ScalarKind.Int64) => Scalar<long>(position),
            (true, ScalarKind.Int64) => Vector<long>(position, type.Width),
            (false, ScalarKind.UInt32) => Scalar<uint>(position),
            (true, ScalarKind.UInt32) => Vector<uint>(position, type.Width),
            (false, ScalarKind.Boolean) => Scalar<bool>(position),
            (true, ScalarKind.Boolean) => Vector<bool>(position, type.Width),
            _ => throw new NotSupportedException($"Input column '{column.Name}' has unsupported type {column.Type}."),
        };
    }

    private static ScalarSlot<T, T> Scalar<T>(RowPosition position) => new(position, static v => v);

    private static VectorSlot<T, T> Vector<T>(RowPosition position, int width) => new(position, width, static v => v);
}

/// <summary>A scalar input: one value per row.</summary>
internal sealed class ScalarSlot<T, TRaw>(RowPosition position, Func<T, TRaw> convert) : InputSlot
{
    private T[]? _values;

    public override void Bind(Column? column) => _values = (column as Column<T>)?.Values;

    public override Delegate Getter => (ValueGetter<TRaw>)Get;

    private void Get(ref TRaw value) =>
        value = _values is { } values ? convert(values[position.Row]) : default!;
}

/// <summary>A vector input: <c>Width</c> values per row, copied into the reader's reusable <c>VBuffer</c>.</summary>
internal sealed class VectorSlot<T, TRaw>(RowPosition position, int declaredWidth, Func<T, TRaw> convert) : InputSlot
{
    private T[]? _values;
    private int _width;

    public override void Bind(Column? column)
    {
        var typed = column as Column<T>;
        _values = typed?.Values;
        _width = typed?.Width ?? declaredWidth;
    }

    public override Delegate Getter => (ValueGetter<VBuffer<TRaw>>)Get;

    private void Get(ref VBuffer<TRaw> value)
    {
        if (_values is not { } values)
        {
            // An absent input reads as an all-default vector of the declared size.
            value = VBufferEditor.Create(ref value, declaredWidth, 0).Commit();
            return;
        }
        var editor = VBufferEditor.Create(ref value, _width);
        var row = values.AsSpan(position.Row * _width, _width);
        if (typeof(T) == typeof(TRaw))
        {
            // Numeric vectors need no conversion: one block copy (the branch folds away per instantiation).
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, TRaw>(ref MemoryMarshal.GetReference(row)), row.Length).CopyTo(editor.Values);
            value = editor.Commit();
            return;
        }
        for (var i = 0; i < row.Length; i++)
        {
            editor.Values[i] = convert(row[i]);
        }
        value = editor.Commit();
    }
}

/// <summary>A column of a type we do not serve: always its default.</summary>
internal sealed class AbsentSlot<TRaw> : InputSlot
{
    public override void Bind(Column? column)
    {
    }

    public override Delegate Getter => (ValueGetter<TRaw>)Get;

    private static void Get(ref TRaw value) => value = default!;
}
