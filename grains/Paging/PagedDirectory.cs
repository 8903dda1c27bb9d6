using Mle.Registry;

namespace Mle.Paging;

/// <summary>
/// A tenant's directory of named entries (models, feature sets, pipelines, endpoints, datasets): which write wins
/// when upserts arrive out of order, and listing in ordinal name order a page at a time, filtered by
/// <see cref="RegistrySearch"/>, with the opaque keyset tokens of <see cref="PageCursor"/>.
/// It works on the dictionary each directory grain already persists, so what is stored keeps its shape (a file
/// written before this class existed still loads); the grain writes its state when a change says it changed.
/// </summary>
/// <param name="entries">The stored entries by name.</param>
/// <param name="name">The entry's name, its key in <paramref name="entries"/>.</param>
/// <param name="replaces">
/// Whether an incoming entry (first argument) replaces the stored one of the same name (second argument); false for a
/// stale, out-of-order write.
/// </param>
/// <param name="description">What <see cref="PageRequest.Query"/> searches besides the name; nothing when null.</param>
/// <param name="tags">
/// What <see cref="PageRequest.Tag"/> filters; when null the entries have no tags and a tag filter matches none.
/// </param>
public sealed class PagedDirectory<TEntry>(
    Dictionary<string, TEntry> entries,
    Func<TEntry, string> name,
    Func<TEntry, TEntry, bool> replaces,
    Func<TEntry, string?>? description = null,
    Func<TEntry, IReadOnlyDictionary<string, string>>? tags = null)
{
    /// <summary>Stores <paramref name="entry"/> under its name unless the stored one wins; true when the directory changed.</summary>
    public bool Put(TEntry entry)
    {
        var key = name(entry);
        if (entries.TryGetValue(key, out var stored) && !replaces(entry, stored))
        {
            return false;
        }
        entries[key] = entry;
        return true;
    }

    /// <summary>Removes the entry called <paramref name="entryName"/>; true when there was one.</summary>
    public bool Remove(string entryName) => entries.Remove(entryName);

    /// <summary>
    /// The page of matching entries after the request's token, in ordinal name order;
    /// <see cref="Page{T}.TotalCount"/> counts every match, before and after the token.
    /// </summary>
    /// <exception cref="Errors.InvalidRequestException">The page size is out of range or the token is not one of ours.</exception>
    public Page<TEntry> List(PageRequest page)
    {
        var matching = entries.Values
            .Where(entry => Matches(entry, page))
            .OrderBy(name, StringComparer.Ordinal);
        return PageCursor.Take(matching, name, string.CompareOrdinal, page);
    }

    private bool Matches(TEntry entry, PageRequest page) => tags is null
        ? RegistrySearch.Matches(page, name(entry), description?.Invoke(entry))
        : RegistrySearch.Matches(page, name(entry), description?.Invoke(entry), tags(entry));
}
