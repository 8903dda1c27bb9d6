using Mle.Configuration;
using Mle.Paging;

namespace Mle.Endpoints;

/// <summary>A tenant's endpoints for listing; each endpoint grain upserts (or removes) its own entry after a change.</summary>
public sealed class EndpointDirectoryGrain(
    [PersistentState("endpoints", StorageNames.Registry)] IPersistentState<EndpointDirectoryState> state)
    : DirectoryGrain<EndpointDirectoryState, EndpointInfo>(state), IEndpointDirectoryGrain
{
    public Task Upsert(EndpointInfo endpoint) => Put(endpoint);

    public Task Remove(string name) => RemoveEntry(name);

    public Task<Page<EndpointInfo>> List(PageRequest page) => ListPage(page);

    protected override PagedDirectory<EndpointInfo> Directory(EndpointDirectoryState stored) => new(
        stored.Endpoints,
        e => e.Name,
        // Out-of-order upserts from one endpoint keep the newest.
        replaces: (incoming, known) => incoming.Revision >= known.Revision,
        description: e => e.Description);
}
