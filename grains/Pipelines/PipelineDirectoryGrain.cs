using Mle.Configuration;
using Mle.Paging;
using Mle.Registry;

namespace Mle.Pipelines;

/// <summary>A tenant's pipelines for listing; each pipeline grain upserts its own entry after a change and removes it on delete.</summary>
public sealed class PipelineDirectoryGrain(
    [PersistentState("pipelines", StorageNames.Registry)] IPersistentState<PipelineDirectoryState> state)
    : Grain, IPipelineDirectoryGrain
{
    public async Task Upsert(PipelineInfo pipeline)
    {
        // Out-of-order upserts from one pipeline keep the newest change.
        if (state.State.Pipelines.TryGetValue(pipeline.Name, out var known) && known.UpdatedAt > pipeline.UpdatedAt)
        {
            return;
        }
        state.State.Pipelines[pipeline.Name] = pipeline;
        await state.WriteStateAsync();
    }

    public async Task Remove(string name)
    {
        if (state.State.Pipelines.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Page<PipelineInfo>> List(PageRequest page)
    {
        var matching = state.State.Pipelines.Values
            .Where(p => RegistrySearch.Matches(page, p.Name, null))
            .OrderBy(p => p.Name, StringComparer.Ordinal);
        return Task.FromResult(PageCursor.Take(matching, p => p.Name, string.CompareOrdinal, page));
    }
}
