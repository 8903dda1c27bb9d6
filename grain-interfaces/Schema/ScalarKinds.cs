namespace Mle.Schema;

/// <summary>Maps CLR element types to <see cref="ScalarKind"/> and to their names in error messages.</summary>
public static class ScalarKinds
{
    public static ScalarKind Of<T>() => Of(typeof(T));

    public static ScalarKind Of(Type type) =>
        type == typeof(float) ? ScalarKind.Single
        : type == typeof(double) ? ScalarKind.Double
        : type == typeof(int) ? ScalarKind.Int32
        : type == typeof(long) ? ScalarKind.Int64
        : type == typeof(uint) ? ScalarKind.UInt32
        : type == typeof(bool) ? ScalarKind.Boolean
        : type == typeof(string) ? ScalarKind.String
        : throw new NotSupportedException($"Element type {type} has no ScalarKind.");

    public static Type ClrType(this ScalarKind kind) => kind switch
    {
        ScalarKind.Single => typeof(float),
        ScalarKind.Double => typeof(double),
        ScalarKind.Int32 => typeof(int),
        ScalarKind.Int64 => typeof(long),
        ScalarKind.UInt32 => typeof(uint),
        ScalarKind.Boolean => typeof(bool),
        ScalarKind.String => typeof(string),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A name for people: "float32", "float64", "int32", "int64", "uint32", "bool", "string".</summary>
    public static string DisplayName(this ScalarKind kind) => kind switch
    {
        ScalarKind.Single => "float32",
        ScalarKind.Double => "float64",
        ScalarKind.Int32 => "int32",
        ScalarKind.Int64 => "int64",
        ScalarKind.UInt32 => "uint32",
        ScalarKind.Boolean => "bool",
        ScalarKind.String => "string",
        _ => kind.ToString(),
    };
}
