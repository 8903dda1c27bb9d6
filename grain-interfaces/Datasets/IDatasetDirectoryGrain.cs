using Mle.Paging;
using Mle.Security;

namespace Mle.Datasets;

/// <summary>The list of a tenant's datasets (key: the tenant), for listing with paging.</summary>
public interface IDatasetDirectoryGrain : IGrainWithStringKey
{
    Task Add(DatasetInfo dataset);

    /// <summary>The tenant's datasets by name; <see cref="PageRequest.Query"/> filters by name.</summary>
    [Requires(Permission.Read)]
    Task<Page<DatasetInfo>> List(PageRequest page);
}
