using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Mle.Errors;

namespace Mle.Silo.Api.Json;

/// <summary>
/// Strings in a request body that are not text: bytes that are not UTF-8, or an escaped lone surrogate.
/// <see cref="Utf8JsonReader"/> does not check a string until it is turned into one, and then throws an
/// <see cref="InvalidOperationException"/>; here that is a 400 that says where.
/// </summary>
internal static class JsonText
{
    /// <summary>The string at the reader; a 400 naming <paramref name="what"/> if it is not valid Unicode.</summary>
    public static string Read(ref Utf8JsonReader reader, string what)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid(what, what);
        }
    }

    /// <summary>
    /// Checks the string (or property name) at the reader without keeping it: a property the model does not use
    /// is still part of the document, and a document with invalid text is refused whole, not partly read.
    /// </summary>
    public static void RequireValid(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            try
            {
                reader.GetString();
            }
            catch (InvalidOperationException)
            {
                throw Invalid("a property name", "body");
            }
        }
        else if (!Utf8.IsValid(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan))
        {
            throw Invalid("a property name", "body");
        }
    }

    private static InvalidRequestException Invalid(string what, string target) =>
        MleErrors.InvalidRequest($"The text of {Describe(what)} is not valid Unicode (bytes that are not UTF-8, or a lone surrogate).", target);

    private static string Describe(string what) => what.StartsWith("a ", StringComparison.Ordinal) ? what : $"'{what}'";
}
