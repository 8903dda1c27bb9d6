using Mle.Paging;
using System.Buffers.Text;
using System.Text;
using Mle.Errors;

namespace Mle.Registry;

/// <summary>
/// Keyset paging over a list in a fixed order. The continuation token is opaque to callers: it encodes the
/// sort key of the last item returned, so items added meanwhile neither repeat nor shift the next page.
/// </summary>
public static class PageCursor
{
    private const string Prefix = "k1:";

    public static Page<T> Take<T>(IEnumerable<T> ordered, Func<T, string> key, Comparison<string> order, PageRequest request)
    {
        if (request.PageSize is < 1 or > PageRequest.MaxPageSize)
        {
            throw MleErrors.InvalidRequest($"Page size must be between 1 and {PageRequest.MaxPageSize}; it was {request.PageSize}.", "pageSize");
        }
        var all = ordered as IReadOnlyList<T> ?? ordered.ToList();
        var after = Decode(request.ContinuationToken);
        var rest = after is null ? all : all.Where(item => order(key(item), after) > 0).ToList();
        var items = rest.Take(request.PageSize).ToList();
        var token = rest.Count > items.Count ? Encode(key(items[^1])) : null;
        return new Page<T>(items, token, all.Count);
    }

    public static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + key));

    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return text[Prefix.Length..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the one error every bad token gets.
        }
        throw MleErrors.InvalidRequest("The continuation token was not issued by this service.", "continuationToken");
    }
}
