namespace Mle.Endpoints;

/// <summary>
/// Where a nested node (<c>{"endpoint": "other"}</c>) finds the other endpoint at request time: the silo's
/// replicated <c>EndpointCatalog</c>, never the endpoint's grain.
/// </summary>
public interface IEndpointSource
{
    /// <summary>The current compiled endpoint, or <c>endpoint_not_found</c>.</summary>
    ValueTask<CompiledEndpoint> Find(string tenant, string name, CancellationToken cancellationToken);
}
