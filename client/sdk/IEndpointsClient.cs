using Mle.Data;
using Mle.Endpoints;
using Mle.Paging;

namespace Mle.Client;

/// <summary>Serving endpoints: deploy them (an operator's key), read them, score through them.</summary>
public interface IEndpointsClient
{
    /// <summary>Creates or changes an endpoint from a spec built with <see cref="EndpointSpecBuilder"/> (or its JSON); <c>invalid_endpoint</c> lists every problem.</summary>
    Task<EndpointInfo> PutAsync(string name, EndpointSpecBuilder spec, CancellationToken cancellationToken = default);

    /// <summary>Creates or changes an endpoint from the spec's JSON, the same as <c>PUT /api/v1/endpoints/{name}</c> takes.</summary>
    Task<EndpointInfo> PutAsync(string name, string specJson, CancellationToken cancellationToken = default);

    /// <summary>The endpoint's current version, or <c>endpoint_not_found</c>.</summary>
    Task<EndpointInfo> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The tenant's endpoints, one page at a time.</summary>
    Task<Page<EndpointInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the endpoint.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Scores rows (columns named as the endpoint's inputs) through the endpoint, with each row's route.</summary>
    Task<EndpointScoreResult> ScoreAsync(string name, ColumnBatch rows, CancellationToken cancellationToken = default);
}
