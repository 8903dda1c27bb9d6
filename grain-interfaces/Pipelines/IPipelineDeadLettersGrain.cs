using Mle.Paging;
using Mle.Security;

namespace Mle.Pipelines;

/// <summary>
/// A pipeline's dead letters (key <c>{tenant}/{name}</c>): durable and bounded by <c>Mle:Pipelines:MaxDeadLetters</c>
/// (beyond it the oldest are dropped and counted), oldest first.
/// </summary>
public interface IPipelineDeadLettersGrain : IGrainWithStringKey
{
    /// <summary>Keeps the letters (their sequence numbers are assigned here); returns how many were kept.</summary>
    Task<int> Add(IReadOnlyList<PipelineDeadLetter> letters);

    /// <summary>One page, oldest first; the continuation token is the next sequence number.</summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<Page<PipelineDeadLetter>> List(int pageSize, string? continuationToken);

    /// <summary>The oldest <paramref name="max"/> letters, to replay; they stay until <see cref="Remove"/>.</summary>
    Task<IReadOnlyList<PipelineDeadLetter>> Oldest(int max);

    /// <summary>Removes the letters with these sequence numbers (replayed).</summary>
    Task Remove(IReadOnlyList<long> sequences);

    /// <summary>Removes every letter (the pipeline was deleted).</summary>
    Task Clear();
}
