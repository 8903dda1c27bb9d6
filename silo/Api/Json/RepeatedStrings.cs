using System.Text.Json;

namespace Mle.Silo.Api.Json;

/// <summary>
/// The strings a text column has been sent lately, found again by their UTF-8 bytes: categorical inputs (a region, a
/// channel, a device) repeat a few values on every request, and each one read from JSON was a new string. A small
/// direct-mapped table: a value's bytes pick one slot, which holds the last value that hashed there, so a lookup is a
/// hash and one comparison, and the table never grows. Only short, unescaped values are kept; the bytes of a kept
/// value were already checked to be UTF-8 when its string was made, and the same bytes always make the same string.
/// </summary>
internal sealed class RepeatedStrings
{
    /// <summary>The longest value (in UTF-8 bytes) kept: categories are short, free text rarely repeats.</summary>
    public const int MaxBytes = 64;

    private const int Slots = 64;

    private readonly byte[]?[] _bytes = new byte[Slots][];
    private readonly string[] _strings = new string[Slots];

    /// <summary>The string at the reader (a JSON string token): one sent before with the same bytes, or a new one.</summary>
    public string Read(ref Utf8JsonReader reader, string column)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
        {
            return JsonText.Read(ref reader, column);
        }
        var utf8 = reader.ValueSpan;
        var hash = new HashCode();
        hash.AddBytes(utf8);
        var slot = (int)((uint)hash.ToHashCode() % Slots);
        if (_bytes[slot] is { } known && utf8.SequenceEqual(known))
        {
            return _strings[slot];
        }
        var text = JsonText.Read(ref reader, column);
        _bytes[slot] = utf8.ToArray();
        _strings[slot] = text;
        return text;
    }
}
