using Mle.Configuration;
using Mle.Paging;

namespace Mle.Features;

/// <summary>A tenant's feature sets for listing; each feature set grain upserts its own entry after a change.</summary>
public sealed class FeatureSetDirectoryGrain(
    [PersistentState("featuresets", StorageNames.Registry)] IPersistentState<FeatureSetDirectoryState> state)
    : Grain, IFeatureSetDirectoryGrain
{
    private PagedDirectory<FeatureSetInfo> Sets => new(
        state.State.Sets,
        s => s.Name,
        // Out-of-order upserts from one set keep the newest version; the same version again changes nothing.
        replaces: (incoming, stored) => incoming.Version > stored.Version,
        description: s => s.Spec.Description);

    public async Task Upsert(FeatureSetInfo set)
    {
        if (Sets.Put(set))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Page<FeatureSetInfo>> List(PageRequest page) => Task.FromResult(Sets.List(page));
}
