namespace Mle.Endpoints;

/// <summary>
/// An endpoint grain's way into one silo's endpoint catalog, and the gateway's way to every silo's numbers. Keyed by
/// the silo's address and always activated on that silo, like <c>ISiloCatalogGrain</c>.
/// </summary>
public interface ISiloEndpointCatalogGrain : IGrainWithStringKey
{
    /// <summary>Installs an endpoint's change in this silo's catalog (an older revision than it holds is ignored).</summary>
    Task Apply(EndpointChange change);

    /// <summary>This silo's numbers of the endpoint, per variant and node.</summary>
    Task<IReadOnlyDictionary<VariantKey, VariantSnapshot>> Stats(string tenant, string name);
}
