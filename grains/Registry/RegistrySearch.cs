using Mle.Paging;

namespace Mle.Registry;

/// <summary>
/// The filter of a <see cref="PageRequest"/>: <see cref="PageRequest.Query"/> is a case-insensitive
/// substring of the name or description; <see cref="PageRequest.Tag"/> is <c>key</c> (the tag is present)
/// or <c>key=value</c> (it has exactly that value).
/// </summary>
public static class RegistrySearch
{
    public static bool Matches(PageRequest request, string name, string? description, IReadOnlyDictionary<string, string> tags) =>
        MatchesQuery(request.Query, name, description) && MatchesTag(request.Tag, tags);

    /// <summary>The filter for things without tags (feature sets, pipelines, endpoints, datasets): a tag filter matches none.</summary>
    public static bool Matches(PageRequest request, string name, string? description) =>
        MatchesQuery(request.Query, name, description) && string.IsNullOrEmpty(request.Tag);

    private static bool MatchesQuery(string? query, string name, string? description) =>
        string.IsNullOrEmpty(query)
        || name.Contains(query, StringComparison.OrdinalIgnoreCase)
        || (description?.Contains(query, StringComparison.OrdinalIgnoreCase) ?? false);

    private static bool MatchesTag(string? tag, IReadOnlyDictionary<string, string> tags)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return true;
        }
        var equals = tag.IndexOf('=');
        return equals < 0
            ? tags.ContainsKey(tag)
            : tags.TryGetValue(tag[..equals], out var value) && string.Equals(value, tag[(equals + 1)..], StringComparison.Ordinal);
    }
}
