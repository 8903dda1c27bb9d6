using Mle.Configuration;
using Mle.Paging;

namespace Mle.Pipelines;

/// <summary>A tenant's pipelines for listing; each pipeline grain upserts its own entry after a change and removes it on delete.</summary>
public sealed class PipelineDirectoryGrain(
    [PersistentState("pipelines", StorageNames.Registry)] IPersistentState<PipelineDirectoryState> state)
    : DirectoryGrain<PipelineDirectoryState, PipelineInfo>(state), IPipelineDirectoryGrain
{
    public Task Upsert(PipelineInfo pipeline) => Put(pipeline);

    public Task Remove(string name) => RemoveEntry(name);

    public Task<Page<PipelineInfo>> List(PageRequest page) => ListPage(page);

    protected override PagedDirectory<PipelineInfo> Directory(PipelineDirectoryState stored) => new(
        stored.Pipelines,
        p => p.Name,
        // Out-of-order upserts from one pipeline keep the newest change.
        replaces: (incoming, known) => incoming.UpdatedAt >= known.UpdatedAt);
}
