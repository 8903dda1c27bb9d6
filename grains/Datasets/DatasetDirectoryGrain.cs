using Mle.Configuration;
using Mle.Paging;

namespace Mle.Datasets;

/// <summary>A tenant's datasets for listing; each dataset grain adds its own entry once created.</summary>
public sealed class DatasetDirectoryGrain(
    [PersistentState("datasets", StorageNames.Registry)] IPersistentState<DatasetDirectoryState> state)
    : Grain, IDatasetDirectoryGrain
{
    private PagedDirectory<DatasetInfo> Datasets => new(
        state.State.Datasets,
        d => d.Name,
        // A dataset is immutable: the first entry of a name stays.
        replaces: (_, _) => false);

    public async Task Add(DatasetInfo dataset)
    {
        if (Datasets.Put(dataset))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Page<DatasetInfo>> List(PageRequest page) => Task.FromResult(Datasets.List(page));
}
