using Mle.Paging;
using Mle.Security;

namespace Mle.Pipelines;

/// <summary>The list of a tenant's pipelines (key: the tenant), for listing with paging.</summary>
public interface IPipelineDirectoryGrain : IGrainWithStringKey
{
    Task Upsert(PipelineInfo pipeline);

    Task Remove(string name);

    /// <summary>The tenant's pipelines by name; <see cref="PageRequest.Query"/> filters by name.</summary>
    [Requires(Permission.Read)]
    Task<Page<PipelineInfo>> List(PageRequest page);
}
