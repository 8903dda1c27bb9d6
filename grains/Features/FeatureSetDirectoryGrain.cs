using Mle.Configuration;
using Mle.Paging;
using Mle.Registry;

namespace Mle.Features;

/// <summary>A tenant's feature sets for listing; each feature set grain upserts its own entry after a change.</summary>
public sealed class FeatureSetDirectoryGrain(
    [PersistentState("featuresets", StorageNames.Registry)] IPersistentState<FeatureSetDirectoryState> state)
    : Grain, IFeatureSetDirectoryGrain
{
    public async Task Upsert(FeatureSetInfo set)
    {
        // Out-of-order upserts from one set keep the newest version.
        if (state.State.Sets.TryGetValue(set.Name, out var known) && known.Version >= set.Version)
        {
            return;
        }
        state.State.Sets[set.Name] = set;
        await state.WriteStateAsync();
    }

    public Task<Page<FeatureSetInfo>> List(PageRequest page)
    {
        var matching = state.State.Sets.Values
            .Where(s => RegistrySearch.Matches(page, s.Name, s.Spec.Description))
            .OrderBy(s => s.Name, StringComparer.Ordinal);
        return Task.FromResult(PageCursor.Take(matching, s => s.Name, string.CompareOrdinal, page));
    }
}
