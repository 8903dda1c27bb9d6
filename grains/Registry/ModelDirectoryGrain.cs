using Mle.Configuration;
using Mle.Paging;

namespace Mle.Registry;

/// <summary>A tenant's models for listing and search; each model grain upserts its own entry after a change.</summary>
public sealed class ModelDirectoryGrain(
    [PersistentState("directory", StorageNames.Registry)] IPersistentState<ModelDirectoryState> state)
    : Grain, IModelDirectoryGrain
{
    private PagedDirectory<ModelInfo> Models => new(
        state.State.Models,
        m => m.Name,
        // Out-of-order upserts from one model keep the newest.
        replaces: (incoming, stored) => incoming.UpdatedAt >= stored.UpdatedAt,
        description: m => m.Description,
        tags: m => m.Tags);

    public async Task Upsert(ModelInfo model)
    {
        if (Models.Put(model))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Page<ModelInfo>> List(PageRequest page) => Task.FromResult(Models.List(page));
}
