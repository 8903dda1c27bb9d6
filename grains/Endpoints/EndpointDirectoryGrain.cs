using Mle.Configuration;
using Mle.Paging;
using Mle.Registry;

namespace Mle.Endpoints;

/// <summary>A tenant's endpoints for listing; each endpoint grain upserts (or removes) its own entry after a change.</summary>
public sealed class EndpointDirectoryGrain(
    [PersistentState("endpoints", StorageNames.Registry)] IPersistentState<EndpointDirectoryState> state)
    : Grain, IEndpointDirectoryGrain
{
    public async Task Upsert(EndpointInfo endpoint)
    {
        // Out-of-order upserts from one endpoint keep the newest.
        if (state.State.Endpoints.TryGetValue(endpoint.Name, out var known) && known.Revision > endpoint.Revision)
        {
            return;
        }
        state.State.Endpoints[endpoint.Name] = endpoint;
        await state.WriteStateAsync();
    }

    public async Task Remove(string name)
    {
        if (state.State.Endpoints.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Page<EndpointInfo>> List(PageRequest page)
    {
        var matching = state.State.Endpoints.Values
            .Where(e => RegistrySearch.Matches(page, e.Name, e.Description))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        return Task.FromResult(PageCursor.Take(matching, e => e.Name, string.CompareOrdinal, page));
    }
}
