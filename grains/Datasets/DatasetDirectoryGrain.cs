using Mle.Configuration;
using Mle.Paging;

namespace Mle.Datasets;

/// <summary>A tenant's datasets for listing; each dataset grain adds its own entry once created.</summary>
public sealed class DatasetDirectoryGrain(
    [PersistentState("datasets", StorageNames.Registry)] IPersistentState<DatasetDirectoryState> state)
    : DirectoryGrain<DatasetDirectoryState, DatasetInfo>(state), IDatasetDirectoryGrain
{
    public Task Add(DatasetInfo dataset) => Put(dataset);

    public Task<Page<DatasetInfo>> List(PageRequest page) => ListPage(page);

    protected override PagedDirectory<DatasetInfo> Directory(DatasetDirectoryState stored) => new(
        stored.Datasets,
        d => d.Name,
        // A dataset is immutable: the first entry of a name stays.
        replaces: (_, _) => false);
}
