using Mle.Paging;

namespace Mle.Registry;

/// <summary>The list of a tenant's models (key: the tenant), for listing and search with paging.</summary>
public interface IModelDirectoryGrain : IGrainWithStringKey
{
    Task Upsert(ModelInfo model);

    Task<Page<ModelInfo>> List(PageRequest page);
}
