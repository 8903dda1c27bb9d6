using Mle.Configuration;
using Mle.Paging;

namespace Mle.Registry;

/// <summary>A tenant's models for listing and search; each model grain upserts its own entry after a change.</summary>
public sealed class ModelDirectoryGrain(
    [PersistentState("directory", StorageNames.Registry)] IPersistentState<ModelDirectoryState> state)
    : Grain, IModelDirectoryGrain
{
    public async Task Upsert(ModelInfo model)
    {
        // Out-of-order upserts from one model keep the newest.
        if (state.State.Models.TryGetValue(model.Name, out var known) && known.UpdatedAt > model.UpdatedAt)
        {
            return;
        }
        state.State.Models[model.Name] = model;
        await state.WriteStateAsync();
    }

    public Task<Page<ModelInfo>> List(PageRequest page)
    {
        var matching = state.State.Models.Values
            .Where(m => RegistrySearch.Matches(page, m.Name, m.Description, m.Tags))
            .OrderBy(m => m.Name, StringComparer.Ordinal);
        return Task.FromResult(PageCursor.Take(matching, m => m.Name, string.CompareOrdinal, page));
    }
}
