using Mle.Schema;

namespace Mle.Serving.Expressions;

#pragma warning disable CA1720 // The language's types are named string and object, as the README and the errors name them.

/// <summary>The declared type of one field of a record; an <see cref="ValueKind.Object"/> has fields of its own.</summary>
public sealed record FieldType
{
    private FieldType(ValueKind kind, FieldSchema? fields)
    {
        Kind = kind;
        Fields = fields;
    }

    public static FieldType Number { get; } = new(ValueKind.Number, null);

    public static FieldType String { get; } = new(ValueKind.String, null);

    public static FieldType Boolean { get; } = new(ValueKind.Boolean, null);

    public static FieldType Vector { get; } = new(ValueKind.Vector, null);

    public ValueKind Kind { get; }

    /// <summary>The nested fields of an <see cref="ValueKind.Object"/>; null for every other kind.</summary>
    public FieldSchema? Fields { get; }

    public static FieldType Object(FieldSchema fields) => new(ValueKind.Object, fields);

    /// <summary>The type of a model column: its scalars are numbers, strings or booleans; its vectors are opaque.</summary>
    public static FieldType Of(ColumnSchema column) => column.IsScalar || column.Width == 1
        ? column.Kind switch
        {
            ScalarKind.String => String,
            ScalarKind.Boolean => Boolean,
            _ => Number,
        }
        : Vector;

    /// <summary>
    /// Reads a type name as a definition writes it: <c>number</c> (or <c>float</c>, <c>double</c>, <c>int</c>,
    /// <c>long</c>, <c>float32</c>, <c>float64</c>, <c>int32</c>, <c>int64</c>, <c>uint32</c>), <c>string</c>,
    /// <c>bool</c> (or <c>boolean</c>).
    /// </summary>
    public static FieldType? FromName(string name) => name.ToUpperInvariant() switch
    {
        "NUMBER" or "FLOAT" or "DOUBLE" or "INT" or "LONG" or "FLOAT32" or "FLOAT64" or "INT32" or "INT64" or "UINT32" => Number,
        "STRING" => String,
        "BOOL" or "BOOLEAN" => Boolean,
        _ => null,
    };

    /// <summary>The names <see cref="FromName"/> accepts, for error messages.</summary>
    public const string Names = "number (float, double, int, long), string, bool";

    /// <summary>How people read the type: <c>number</c>, <c>string</c>, <c>bool</c>, <c>object {A, B}</c>, <c>vector</c>.</summary>
    public override string ToString() => Kind == ValueKind.Object ? $"object {{{string.Join(", ", Fields!.Names)}}}" : Kind.DisplayName();

    public bool Equals(FieldType? other) =>
        other is not null && Kind == other.Kind && (Kind != ValueKind.Object || Fields!.Equals(other.Fields));

    public override int GetHashCode() => HashCode.Combine(Kind, Fields);
}
