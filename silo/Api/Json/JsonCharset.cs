using Microsoft.Net.Http.Headers;

namespace Mle.Silo.Api.Json;

/// <summary>
/// JSON exchanged between systems is UTF-8 (RFC 8259 §8.1), and the gateway parses bodies as UTF-8 bytes.
/// A JSON body that declares another charset (or an empty or unknown one) is refused up front, instead of
/// being transcoded on some routes, misread on others, and failing inside the framework on a few.
/// </summary>
internal static class JsonCharset
{
    /// <summary>The charset a JSON request declares, when it declares one that is not UTF-8; otherwise null.</summary>
    public static string? Unsupported(HttpRequest request)
    {
        var contentType = request.ContentType;
        // Every scoring request passes here: parse the header only when it names a charset at all.
        if (string.IsNullOrEmpty(contentType) || !contentType.Contains("charset", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParse(contentType, out var media) || !IsJson(media))
        {
            return null;
        }
        var charsetParameter = media.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
        if (charsetParameter is null)
        {
            return null;
        }
        var charset = HeaderUtilities.RemoveQuotes(charsetParameter.Value).ToString();
        // US-ASCII is a subset of UTF-8: a body that really is ASCII reads the same either way.
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)
            ? null
            : charset;
    }

    private static bool IsJson(MediaTypeHeaderValue media) =>
        media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
}
