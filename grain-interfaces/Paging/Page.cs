namespace Mle.Paging;

/// <summary>One page of a list; <see cref="ContinuationToken"/> is null on the last page.</summary>
[GenerateSerializer, Immutable]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] string? ContinuationToken,
    [property: Id(2)] int TotalCount);
