using Mle.Configuration;
using Mle.Paging;

namespace Mle.Registry;

/// <summary>A tenant's models for listing and search; each model grain upserts its own entry after a change.</summary>
public sealed class ModelDirectoryGrain(
    [PersistentState("directory", StorageNames.Registry)] IPersistentState<ModelDirectoryState> state)
    : DirectoryGrain<ModelDirectoryState, ModelInfo>(state), IModelDirectoryGrain
{
    public Task Upsert(ModelInfo model) => Put(model);

    public Task<Page<ModelInfo>> List(PageRequest page) => ListPage(page);

    protected override PagedDirectory<ModelInfo> Directory(ModelDirectoryState stored) => new(
        stored.Models,
        m => m.Name,
        // Out-of-order upserts from one model keep the newest.
        replaces: (incoming, known) => incoming.UpdatedAt >= known.UpdatedAt,
        description: m => m.Description,
        tags: m => m.Tags);
}
