using Mle.Data;
using Mle.Endpoints;
using Mle.Naming;
using Mle.Paging;

namespace Mle.Client;

/// <summary>
/// <see cref="IEndpointsClient"/> over an <see cref="IGrainFactory"/>: specs go to the endpoint's grain, scoring to the
/// serving worker of the silo the client reaches (which serves from its replicated catalog).
/// </summary>
public sealed class EndpointsClient(IGrainFactory grains, MleClientOptions clientOptions) : IEndpointsClient
{
    /// <inheritdoc />
    public Task<EndpointInfo> PutAsync(string name, EndpointSpecBuilder spec, CancellationToken cancellationToken = default) =>
        PutAsync(name, spec.ToJson(), cancellationToken);

    /// <inheritdoc />
    public Task<EndpointInfo> PutAsync(string name, string specJson, CancellationToken cancellationToken = default) =>
        Endpoint(name).Put(specJson).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<EndpointInfo> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Endpoint(name).Get().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<Page<EndpointInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IEndpointDirectoryGrain>(clientOptions.Tenant).List(page ?? new PageRequest()).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        Endpoint(name).Delete().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<EndpointScoreResult> ScoreAsync(string name, ColumnBatch rows, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IEndpointServingGrain>(0).Score(Key(name), rows).WaitAsync(cancellationToken);

    private IEndpointGrain Endpoint(string name) => grains.GetGrain<IEndpointGrain>(Key(name));

    private string Key(string name) => $"{clientOptions.Tenant}/{Names.Require("endpoint name", name)}";
}
