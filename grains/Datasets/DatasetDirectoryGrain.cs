using Mle.Configuration;
using Mle.Paging;
using Mle.Registry;

namespace Mle.Datasets;

/// <summary>A tenant's datasets for listing; each dataset grain adds its own entry once created.</summary>
public sealed class DatasetDirectoryGrain(
    [PersistentState("datasets", StorageNames.Registry)] IPersistentState<DatasetDirectoryState> state)
    : Grain, IDatasetDirectoryGrain
{
    public async Task Add(DatasetInfo dataset)
    {
        if (state.State.Datasets.ContainsKey(dataset.Name))
        {
            return;
        }
        state.State.Datasets[dataset.Name] = dataset;
        await state.WriteStateAsync();
    }

    public Task<Page<DatasetInfo>> List(PageRequest page)
    {
        var matching = state.State.Datasets.Values
            .Where(d => RegistrySearch.Matches(page, d.Name, null))
            .OrderBy(d => d.Name, StringComparer.Ordinal);
        return Task.FromResult(PageCursor.Take(matching, d => d.Name, string.CompareOrdinal, page));
    }
}
