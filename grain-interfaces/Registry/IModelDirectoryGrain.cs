using Mle.Paging;
using Mle.Security;

namespace Mle.Registry;

/// <summary>The list of a tenant's models (key: the tenant), for listing and search with paging.</summary>
public interface IModelDirectoryGrain : IGrainWithStringKey
{
    Task Upsert(ModelInfo model);

    [Requires(Permission.Read)]
    Task<Page<ModelInfo>> List(PageRequest page);
}
