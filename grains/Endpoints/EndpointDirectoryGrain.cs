using Mle.Configuration;
using Mle.Paging;

namespace Mle.Endpoints;

/// <summary>A tenant's endpoints for listing; each endpoint grain upserts (or removes) its own entry after a change.</summary>
public sealed class EndpointDirectoryGrain(
    [PersistentState("endpoints", StorageNames.Registry)] IPersistentState<EndpointDirectoryState> state)
    : Grain, IEndpointDirectoryGrain
{
    private PagedDirectory<EndpointInfo> Endpoints => new(
        state.State.Endpoints,
        e => e.Name,
        // Out-of-order upserts from one endpoint keep the newest.
        replaces: (incoming, stored) => incoming.Revision >= stored.Revision,
        description: e => e.Description);

    public async Task Upsert(EndpointInfo endpoint)
    {
        if (Endpoints.Put(endpoint))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(string name)
    {
        if (Endpoints.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Page<EndpointInfo>> List(PageRequest page) => Task.FromResult(Endpoints.List(page));
}
