using Mle.Configuration;
using Mle.Paging;

namespace Mle.Features;

/// <summary>A tenant's feature sets for listing; each feature set grain upserts its own entry after a change.</summary>
public sealed class FeatureSetDirectoryGrain(
    [PersistentState("featuresets", StorageNames.Registry)] IPersistentState<FeatureSetDirectoryState> state)
    : DirectoryGrain<FeatureSetDirectoryState, FeatureSetInfo>(state), IFeatureSetDirectoryGrain
{
    public Task Upsert(FeatureSetInfo set) => Put(set);

    public Task<Page<FeatureSetInfo>> List(PageRequest page) => ListPage(page);

    protected override PagedDirectory<FeatureSetInfo> Directory(FeatureSetDirectoryState stored) => new(
        stored.Sets,
        s => s.Name,
        // Out-of-order upserts from one set keep the newest version; the same version again (the repair a feature set
        // grain sends on activation) writes nothing.
        replaces: (incoming, known) => incoming.Version > known.Version,
        description: s => s.Spec.Description);
}
