using System.Text.Json;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Silo.Api.Json;

/// <summary>
/// Reads one JSON value as the element type a model column expects. A mismatch names the column,
/// so a caller learns which of thirty features they got wrong. JSON <c>null</c> is a missing value
/// for floating-point columns (NaN, as ML.NET treats missing numbers) and an empty text for strings.
/// </summary>
internal static class JsonScalars
{
    public static float ReadSingle(ref Utf8JsonReader reader, string column) => reader.TokenType switch
    {
        // A literal beyond float's range parses as infinity: that is not the number the caller wrote.
        JsonTokenType.Number when reader.TryGetSingle(out var value) && float.IsFinite(value) => value,
        JsonTokenType.Null => float.NaN,
        _ => throw Mismatch(ref reader, column, ScalarKind.Single),
    };

    public static double ReadDouble(ref Utf8JsonReader reader, string column) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetDouble(out var value) && double.IsFinite(value) => value,
        JsonTokenType.Null => double.NaN,
        _ => throw Mismatch(ref reader, column, ScalarKind.Double),
    };

    public static int ReadInt32(ref Utf8JsonReader reader, string column) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw Mismatch(ref reader, column, ScalarKind.Int32);

    public static long ReadInt64(ref Utf8JsonReader reader, string column) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Mismatch(ref reader, column, ScalarKind.Int64);

    public static uint ReadUInt32(ref Utf8JsonReader reader, string column) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var value) ? value : throw Mismatch(ref reader, column, ScalarKind.UInt32);

    public static bool ReadBoolean(ref Utf8JsonReader reader, string column) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Mismatch(ref reader, column, ScalarKind.Boolean),
    };

    public static string ReadString(ref Utf8JsonReader reader, string column) => reader.TokenType switch
    {
        JsonTokenType.String => Text(ref reader, column),
        JsonTokenType.Null => string.Empty,
        _ => throw Mismatch(ref reader, column, ScalarKind.String),
    };

    private static string Text(ref Utf8JsonReader reader, string column) => JsonText.Read(ref reader, column);

    private static SchemaMismatchException Mismatch(ref Utf8JsonReader reader, string column, ScalarKind expected)
    {
        var actual = reader.TokenType switch
        {
            JsonTokenType.Number => IsIntegral(expected) ? "a number that is not an " + expected.DisplayName() : "a number out of range",
            JsonTokenType.String => "a string",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.StartObject => "an object",
            _ => reader.TokenType.ToString(),
        };
        return MleErrors.WrongType(column, expected.DisplayName(), actual);
    }

    private static bool IsIntegral(ScalarKind kind) => kind is ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.UInt32;
}
