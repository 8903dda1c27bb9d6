using Mle.Paging;
using Mle.Security;

namespace Mle.Features;

/// <summary>The list of a tenant's feature sets (key: the tenant), for listing with paging.</summary>
public interface IFeatureSetDirectoryGrain : IGrainWithStringKey
{
    Task Upsert(FeatureSetInfo set);

    /// <summary>The tenant's feature sets by name; <see cref="PageRequest.Query"/> filters by name or description.</summary>
    [Requires(Permission.Read)]
    Task<Page<FeatureSetInfo>> List(PageRequest page);
}
