using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Data;
using Mle.Schema;

namespace Mle.Scoring.MlNet;

/// <summary>
/// Copies one prediction column, row by row, from an ML.NET row into a new <see cref="Column{T}"/>.
/// Bound once to a row (its getter is reused); <see cref="Start"/> begins a fresh, caller-owned array per batch.
/// </summary>
internal abstract class OutputReader(string name)
{
    public string Name => name;

    public abstract void Bind(DataViewRow row);

    public abstract void Start(int rowCount);

    public abstract void Read(int row);

    public abstract Column Finish();

    public static OutputReader For(string name, MlNetColumnType type) => type switch
    {
        { HasKeyValues: true } => type.Kind switch
        {
            ScalarKind.String => new KeyValueReader<ReadOnlyMemory<char>, string>(name, Text),
            ScalarKind.Single => KeyValues<float>(name),
            ScalarKind.Double => KeyValues<double>(name),
            ScalarKind.Int32 => KeyValues<int>(name),
            ScalarKind.Int64 => KeyValues<long>(name),
            ScalarKind.UInt32 => KeyValues<uint>(name),
            ScalarKind.Boolean => KeyValues<bool>(name),
            _ => throw Unsupported(name, type),
        },
        { IsVector: true } => type.Kind switch
        {
            ScalarKind.String => new VectorReader<ReadOnlyMemory<char>, string>(name, type.Width, Text),
            ScalarKind.Single => Vector<float>(name, type.Width),
            ScalarKind.Double => Vector<double>(name, type.Width),
            ScalarKind.Int32 => Vector<int>(name, type.Width),
            ScalarKind.Int64 => Vector<long>(name, type.Width),
            ScalarKind.UInt32 => Vector<uint>(name, type.Width),
            ScalarKind.Boolean => Vector<bool>(name, type.Width),
            _ => throw Unsupported(name, type),
        },
        _ => type.Kind switch
        {
            ScalarKind.String => new ScalarReader<ReadOnlyMemory<char>, string>(name, Text),
            ScalarKind.Single => Scalar<float>(name),
            ScalarKind.Double => Scalar<double>(name),
            ScalarKind.Int32 => Scalar<int>(name),
            ScalarKind.Int64 => Scalar<long>(name),
            ScalarKind.UInt32 => Scalar<uint>(name),
            ScalarKind.Boolean => Scalar<bool>(name),
            _ => throw Unsupported(name, type),
        },
    };

    private static string Text(ReadOnlyMemory<char> text) => text.ToString();

    private static ScalarReader<T, T> Scalar<T>(string name) => new(name, static v => v);

    private static VectorReader<T, T> Vector<T>(string name, int width) => new(name, width, static v => v);

    private static KeyValueReader<T, T> KeyValues<T>(string name) => new(name, static v => v);

    private static NotSupportedException Unsupported(string name, MlNetColumnType type) =>
        new($"Output column '{name}' has unsupported kind {type.Kind}.");
}

/// <summary>A scalar output.</summary>
internal sealed class ScalarReader<TRaw, T>(string name, Func<TRaw, T> convert) : OutputReader(name)
{
    private ValueGetter<TRaw> _getter = null!;
    private TRaw _value = default!;
    private T[] _values = [];

    public override void Bind(DataViewRow row) => _getter = row.GetGetter<TRaw>(row.Schema[Name]);

    public override void Start(int rowCount) => _values = new T[rowCount];

    public override void Read(int row)
    {
        _getter(ref _value);
        _values[row] = convert(_value);
    }

    public override Column Finish() => Column.Create(Name, 1, _values);
}

/// <summary>A fixed-size vector output (scores per class, probabilities), stored densely.</summary>
internal sealed class VectorReader<TRaw, T>(string name, int width, Func<TRaw, T> convert) : OutputReader(name)
{
    private ValueGetter<VBuffer<TRaw>> _getter = null!;
    private VBuffer<TRaw> _buffer;
    private T[] _values = [];

    public override void Bind(DataViewRow row) => _getter = row.GetGetter<VBuffer<TRaw>>(row.Schema[Name]);

    public override void Start(int rowCount) => _values = new T[rowCount * width];

    public override void Read(int row)
    {
        _getter(ref _buffer);
        var target = _values.AsSpan(row * width, width);
        var explicitValues = _buffer.GetValues();
        if (_buffer.IsDense)
        {
            for (var i = 0; i < width; i++)
            {
                target[i] = convert(explicitValues[i]);
            }
            return;
        }
        // Sparse: everything not listed is the item type's default.
        target.Fill(convert(default!));
        var indices = _buffer.GetIndices();
        for (var i = 0; i < indices.Length; i++)
        {
            target[indices[i]] = convert(explicitValues[i]);
        }
    }

    public override Column Finish() => Column.Create(Name, width, _values);
}

/// <summary>A key output shown as its values (key k is the k-th value; key 0, "missing", is the default value).</summary>
internal sealed class KeyValueReader<TRaw, T>(string name, Func<TRaw, T> convert) : OutputReader(name)
{
    private ValueGetter<uint> _getter = null!;
    private T[] _keyValues = [];
    private T _missing = default!;
    private uint _key;
    private T[] _values = [];

    public override void Bind(DataViewRow row)
    {
        var column = row.Schema[Name];
        VBuffer<TRaw> keyValues = default;
        column.Annotations.GetValue(MlNetColumnType.KeyValuesAnnotation, ref keyValues);
        _keyValues = [.. keyValues.DenseValues().Select(convert)];
        _missing = convert(default!);
        _getter = row.GetGetter<uint>(column);
    }

    public override void Start(int rowCount) => _values = new T[rowCount];

    public override void Read(int row)
    {
        _getter(ref _key);
        _values[row] = _key >= 1 && _key <= _keyValues.Length ? _keyValues[_key - 1] : _missing;
    }

    public override Column Finish() => Column.Create(Name, 1, _values);
}
