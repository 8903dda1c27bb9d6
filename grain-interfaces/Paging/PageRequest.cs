namespace Mle.Paging;

/// <summary>
/// Which page of a list to return. <see cref="ContinuationToken"/> is opaque: pass back the one a
/// previous <see cref="Page{T}"/> returned. <see cref="Query"/> filters by a case-insensitive substring
/// of the name or description; <see cref="Tag"/> by <c>key</c> or <c>key=value</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PageRequest(
    [property: Id(0)] int PageSize = PageRequest.DefaultPageSize,
    [property: Id(1)] string? ContinuationToken = null,
    [property: Id(2)] string? Query = null,
    [property: Id(3)] string? Tag = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
}
