using Mle.Configuration;
using Mle.Paging;

namespace Mle.Pipelines;

/// <summary>A tenant's pipelines for listing; each pipeline grain upserts its own entry after a change and removes it on delete.</summary>
public sealed class PipelineDirectoryGrain(
    [PersistentState("pipelines", StorageNames.Registry)] IPersistentState<PipelineDirectoryState> state)
    : Grain, IPipelineDirectoryGrain
{
    private PagedDirectory<PipelineInfo> Pipelines => new(
        state.State.Pipelines,
        p => p.Name,
        // Out-of-order upserts from one pipeline keep the newest change.
        replaces: (incoming, stored) => incoming.UpdatedAt >= stored.UpdatedAt);

    public async Task Upsert(PipelineInfo pipeline)
    {
        if (Pipelines.Put(pipeline))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(string name)
    {
        if (Pipelines.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Page<PipelineInfo>> List(PageRequest page) => Task.FromResult(Pipelines.List(page));
}
