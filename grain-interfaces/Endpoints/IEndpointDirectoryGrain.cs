using Mle.Paging;
using Mle.Security;

namespace Mle.Endpoints;

/// <summary>The list of a tenant's endpoints (key: the tenant), for listing with paging.</summary>
public interface IEndpointDirectoryGrain : IGrainWithStringKey
{
    Task Upsert(EndpointInfo endpoint);

    Task Remove(string name);

    [Requires(Permission.Read)]
    Task<Page<EndpointInfo>> List(PageRequest page);
}
