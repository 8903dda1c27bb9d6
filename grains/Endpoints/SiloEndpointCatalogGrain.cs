using Mle.Serving;

namespace Mle.Endpoints;

/// <summary>This silo's door to its <see cref="EndpointCatalog"/> and its endpoints' numbers; placed on the silo its key names.</summary>
[SiloKeyedPlacement, Reentrant]
public sealed class SiloEndpointCatalogGrain(EndpointCatalog catalog, EndpointMetrics metrics) : Grain, ISiloEndpointCatalogGrain
{
    public Task Apply(EndpointChange change)
    {
        catalog.Apply(change);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<VariantKey, VariantSnapshot>> Stats(string tenant, string name) =>
        Task.FromResult(metrics.Snapshot(tenant, name));
}
