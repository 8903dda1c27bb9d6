using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Silo.Api.Json;

/// <summary>
/// Accumulates one input column straight from JSON tokens into a typed flat array, so a request's
/// JSON becomes columns in one pass with no per-row objects.
/// </summary>
internal abstract class ColumnBuilder
{
    // A version's schema is the same instance on every request: its names are encoded once, not per request.
    private static readonly ConditionalWeakTable<ColumnSchema, byte[]> Utf8Names = [];

    protected ColumnBuilder(ColumnSchema schema)
    {
        Schema = schema;
        Utf8Name = Utf8Names.GetValue(schema, static s => Encoding.UTF8.GetBytes(s.Name));
        Width = schema.Width;
    }

    public ColumnSchema Schema { get; }

    /// <summary>The column name as UTF-8, compared against JSON property names without allocating.</summary>
    public byte[] Utf8Name { get; }

    /// <summary>Values per row; fixed by the schema, or by the first row for variable-size vectors.</summary>
    public int Width { get; protected set; }

    /// <summary>Complete rows appended so far.</summary>
    public int Rows { get; protected set; }

    /// <summary>Elements appended so far (rows times width, once all rows are complete).</summary>
    public abstract int Count { get; }

    public static ColumnBuilder For(ColumnSchema schema) => schema.Kind switch
    {
        ScalarKind.Single => new ColumnBuilder<float>(schema),
        ScalarKind.Double => new ColumnBuilder<double>(schema),
        ScalarKind.Int32 => new ColumnBuilder<int>(schema),
        ScalarKind.Int64 => new ColumnBuilder<long>(schema),
        ScalarKind.UInt32 => new ColumnBuilder<uint>(schema),
        ScalarKind.Boolean => new ColumnBuilder<bool>(schema),
        ScalarKind.String => new ColumnBuilder<string>(schema),
        _ => throw new NotSupportedException($"Column '{schema.Name}' has an unsupported kind {schema.Kind}."),
    };

    /// <summary>
    /// Reads one row's value at the reader's current token: a scalar, or an array of <see cref="Width"/>
    /// elements for a vector (nested arrays are flattened, row-major).
    /// </summary>
    public void AppendRow(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            if (Width > 1)
            {
                throw MleErrors.WrongType(Schema.Name, $"an array of {Width} {Schema.Kind.DisplayName()} values", "a single value");
            }
            AppendScalar(ref reader);
            Width = 1;
            Rows++;
            return;
        }

        var appended = AppendFlat(ref reader);
        if (Width == 0 && Rows == 0)
        {
            Width = appended;
        }
        if (appended != Width)
        {
            throw MleErrors.WrongWidth(Schema.Name, Width, appended);
        }
        Rows++;
    }

    /// <summary>
    /// Reads every scalar at the reader's current token, flattening nested arrays; returns how many.
    /// Used for Open Inference Protocol tensors, whose shape is checked against the count afterwards.
    /// </summary>
    public int AppendFlat(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            AppendScalar(ref reader);
            return 1;
        }

        var appended = 0;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.EndArray)
            {
                continue;
            }
            AppendScalar(ref reader);
            appended++;
        }
        return appended;
    }

    /// <summary>Makes room for <paramref name="count"/> more elements at once, when the request says how many will come.</summary>
    public abstract void Reserve(int count);

    /// <summary>Declares that the elements appended so far form <paramref name="rows"/> rows.</summary>
    public void CompleteRows(int rows, int width)
    {
        Rows = rows;
        Width = width;
    }

    protected abstract void AppendScalar(ref Utf8JsonReader reader);

    public abstract Column Build();

    /// <summary>
    /// Forgets the rows appended so far, for the next request of the same schema. The values already handed to a
    /// <see cref="Column"/> by <see cref="Build"/> stay that column's: the next value starts a new array.
    /// </summary>
    public void Reset()
    {
        Rows = 0;
        Width = Schema.Width;
        ResetValues();
    }

    protected abstract void ResetValues();
}

internal sealed class ColumnBuilder<T>(ColumnSchema schema) : ColumnBuilder(schema)
{
    // Allocated on the first value, one row's width at first: a single-row request (the common case) fills its
    // array exactly, and Build hands it over without trimming a copy.
    private T[] _values = [];
    private int _count;

    public override int Count => _count;

    public override void Reserve(int count)
    {
        if (_values.Length - _count < count)
        {
            Array.Resize(ref _values, _count + count);
        }
    }

    // Kept with the builder, which a thread reuses for its schema's requests (ColumnSet.Rent): the values a text input
    // was sent lately are found again instead of made again.
    private RepeatedStrings? _texts;

    protected override void AppendScalar(ref Utf8JsonReader reader)
    {
        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length == 0 ? Math.Max(1, Schema.Width) : _values.Length * 2);
        }
        _values[_count++] = typeof(T) == typeof(string) && reader.TokenType == JsonTokenType.String
            ? (T)(object)(_texts ??= new RepeatedStrings()).Read(ref reader, Schema.Name)
            : Read(ref reader, Schema.Name);
    }

    public override Column Build()
    {
        var values = _count == _values.Length ? _values : _values[.._count];
        return Column.Create(Schema.Name, Math.Max(Width, 1), values);
    }

    protected override void ResetValues()
    {
        _values = [];
        _count = 0;
    }

    // typeof(T) tests are constants after JIT specialisation, so each builder reads with no branching on kind.
    private static T Read(ref Utf8JsonReader reader, string column)
    {
        if (typeof(T) == typeof(float)) { var v = JsonScalars.ReadSingle(ref reader, column); return Unsafe.As<float, T>(ref v); }
        if (typeof(T) == typeof(double)) { var v = JsonScalars.ReadDouble(ref reader, column); return Unsafe.As<double, T>(ref v); }
        if (typeof(T) == typeof(int)) { var v = JsonScalars.ReadInt32(ref reader, column); return Unsafe.As<int, T>(ref v); }
        if (typeof(T) == typeof(long)) { var v = JsonScalars.ReadInt64(ref reader, column); return Unsafe.As<long, T>(ref v); }
        if (typeof(T) == typeof(uint)) { var v = JsonScalars.ReadUInt32(ref reader, column); return Unsafe.As<uint, T>(ref v); }
        if (typeof(T) == typeof(bool)) { var v = JsonScalars.ReadBoolean(ref reader, column); return Unsafe.As<bool, T>(ref v); }
        return (T)(object)JsonScalars.ReadString(ref reader, column);
    }
}
