using Mle.Errors;
using Mle.Paging;

namespace Mle.Silo.Api;

/// <summary>
/// The paging parameters of a list route (<c>pageSize</c>, <c>continuationToken</c>, <c>q</c>, <c>tag</c>). The page
/// size is checked here, at the edge, so a bad one costs no grain call and every list route words it alike.
/// </summary>
public static class PageQuery
{
    /// <summary>The request for one page; a missing size is <see cref="PageRequest.DefaultPageSize"/>.</summary>
    /// <exception cref="InvalidRequestException">The size is outside 1 to <see cref="PageRequest.MaxPageSize"/>.</exception>
    public static PageRequest Request(int? pageSize, string? continuationToken, string? query, string? tag = null) =>
        new(Size(pageSize), continuationToken, query, tag);

    /// <summary>The page size asked for, or <see cref="PageRequest.DefaultPageSize"/>.</summary>
    /// <exception cref="InvalidRequestException">The size is outside 1 to <see cref="PageRequest.MaxPageSize"/>.</exception>
    public static int Size(int? pageSize)
    {
        var size = pageSize ?? PageRequest.DefaultPageSize;
        return size is < 1 or > PageRequest.MaxPageSize
            ? throw MleErrors.InvalidRequest($"pageSize must be between 1 and {PageRequest.MaxPageSize}.", "pageSize")
            : size;
    }
}
