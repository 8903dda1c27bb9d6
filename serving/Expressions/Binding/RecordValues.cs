using System.Globalization;
using System.Text.Json;
using Mle.Errors;

namespace Mle.Serving.Expressions.Binding;

/// <summary>
/// Reads a record's values as the types the schema declares. A record is a dictionary of field name to value; a
/// value is a number (any CLR numeric type), a string, a bool, null, a nested record (a dictionary of the same kind)
/// or a <see cref="JsonElement"/> of any of those, so an event's JSON values can be used as they were read. A missing
/// field reads as null; a value of another type than declared is the one thing a record can do wrong, and it fails
/// the evaluation with an <see cref="ExpressionEvaluationException"/> naming the field.
/// </summary>
internal static class RecordValues
{
    public static object? Field(IReadOnlyDictionary<string, object?> record, string name) =>
        record.TryGetValue(name, out var value) ? value : null;

    /// <summary>A field of a nested record; null when the record itself is null or lacks the field.</summary>
    public static object? Field(object? container, string name, string path, string expression) => container switch
    {
        null => null,
        IReadOnlyDictionary<string, object?> record => record.TryGetValue(name, out var value) ? value : null,
        JsonElement { ValueKind: JsonValueKind.Object } json => json.TryGetProperty(name, out var value) ? value : null,
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        _ => throw Mismatch(path, "an object", container, expression),
    };

    public static double? Number(object? value, string path, string expression) => value switch
    {
        null => null,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        uint u => u,
        short s => s,
        ushort s => s,
        byte b => b,
        sbyte b => b,
        ulong u => u,
        decimal m => (double)m,
        JsonElement { ValueKind: JsonValueKind.Number } json => json.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        _ => throw Mismatch(path, "a number", value, expression),
    };

    public static string? String(object? value, string path, string expression) => value switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        _ => throw Mismatch(path, "a string", value, expression),
    };

    public static bool? Boolean(object? value, string path, string expression) => value switch
    {
        null => null,
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        _ => throw Mismatch(path, "a bool", value, expression),
    };

    /// <summary>A nested record, or null; anything else is a record that does not conform.</summary>
    public static object? Object(object? value, string path, string expression) => value switch
    {
        null => null,
        IReadOnlyDictionary<string, object?> => value,
        JsonElement { ValueKind: JsonValueKind.Object } => value,
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        _ => throw Mismatch(path, "an object", value, expression),
    };

    private static ExpressionEvaluationException Mismatch(string path, string declared, object value, string expression) =>
        new($"Field '{path}' is declared as {declared}, but the record holds {Describe(value)}.", expression);

    private static string Describe(object value) => value switch
    {
        JsonElement json => json.ValueKind switch
        {
            JsonValueKind.Number => "the number " + json.GetRawText(),
            JsonValueKind.String => "a string",
            JsonValueKind.True or JsonValueKind.False => "a bool",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => json.ValueKind.ToString(),
        },
        string => "a string",
        bool => "a bool",
        IConvertible convertible when convertible.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal =>
            "the number " + convertible.ToString(CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> => "an object",
        _ => "a value of type " + value.GetType().Name,
    };
}
