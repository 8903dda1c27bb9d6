using System.Globalization;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Paging;

namespace Mle.Pipelines;

/// <summary>
/// A pipeline's dead letters: written through before the batch that failed them is reported done, so an
/// acknowledged failure is never lost; bounded by <see cref="PipelinesOptions.MaxDeadLetters"/>, dropping the oldest.
/// </summary>
public sealed class PipelineDeadLettersGrain(
    [PersistentState("deadletters", StorageNames.Registry)] IPersistentState<PipelineDeadLettersState> state,
    IOptions<PipelinesOptions> options)
    : Grain, IPipelineDeadLettersGrain
{
    public async Task<int> Add(IReadOnlyList<PipelineDeadLetter> letters)
    {
        if (letters.Count == 0)
        {
            return 0;
        }
        foreach (var letter in letters)
        {
            state.State.Letters.Add(letter with { Sequence = state.State.Next++ });
        }
        var over = state.State.Letters.Count - options.Value.MaxDeadLetters;
        if (over > 0)
        {
            state.State.Letters.RemoveRange(0, over);
            state.State.Dropped += over;
        }
        await state.WriteStateAsync();
        return letters.Count;
    }

    public Task<Page<PipelineDeadLetter>> List(int pageSize, string? continuationToken)
    {
        long after = 0;
        if (continuationToken is not null && !long.TryParse(continuationToken, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw MleErrors.InvalidRequest($"'{continuationToken}' is not a continuation token this list gave.", "continuationToken");
        }
        var page = state.State.Letters.Where(l => l.Sequence >= after).Take(pageSize + 1).ToList();
        var next = page.Count > pageSize ? page[pageSize].Sequence.ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new Page<PipelineDeadLetter>([.. page.Take(pageSize)], next, state.State.Letters.Count));
    }

    public Task<IReadOnlyList<PipelineDeadLetter>> Oldest(int max) =>
        Task.FromResult<IReadOnlyList<PipelineDeadLetter>>([.. state.State.Letters.Take(max)]);

    public async Task Remove(IReadOnlyList<long> sequences)
    {
        var removed = new HashSet<long>(sequences);
        if (state.State.Letters.RemoveAll(l => removed.Contains(l.Sequence)) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Clear()
    {
        await state.ClearStateAsync();
        state.State = new PipelineDeadLettersState();
    }
}
