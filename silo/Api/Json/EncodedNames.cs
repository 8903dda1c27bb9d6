using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Mle.Silo.Api.Json;

/// <summary>
/// The JSON-encoded form of names a response writes on every request: output column names (the loaded model's own
/// strings, the same instances on every call) and the protocol's constant strings. The encoded form is kept beside
/// the string and goes away with it when a model is unloaded.
/// </summary>
internal static class EncodedNames
{
    private static readonly ConditionalWeakTable<string, StrongBox<JsonEncodedText>> Encoded = [];

    public static JsonEncodedText Of(string name) =>
        Encoded.GetValue(name, static n => new StrongBox<JsonEncodedText>(JsonEncodedText.Encode(n))).Value;
}
