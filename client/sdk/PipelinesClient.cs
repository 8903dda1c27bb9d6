using Mle.Features;
using Mle.Paging;
using Mle.Pipelines;

namespace Mle.Client;

/// <summary>
/// <see cref="IPipelinesClient"/> over an <see cref="IGrainFactory"/>: definitions and the lifecycle go to the
/// pipeline's grain, pushes and replays to the input's stateless worker on the silo. The silo checks the key's role
/// and tenant on every call.
/// </summary>
/// <param name="grains">The silo's grain factory (co-hosted) or the cluster client (out of process).</param>
/// <param name="clientOptions">The tenant.</param>
public sealed class PipelinesClient(IGrainFactory grains, MleClientOptions clientOptions) : IPipelinesClient
{
    /// <inheritdoc />
    public Task<PipelineInfo> CreateAsync(string definitionJson, CancellationToken cancellationToken = default)
    {
        var name = PipelineDefinitionName.Of(definitionJson);
        return Pipeline(name).Create(definitionJson).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<PipelineInfo> CreateAsync(PipelineBuilder definition, CancellationToken cancellationToken = default) =>
        CreateAsync(definition.ToJson(), cancellationToken);

    /// <inheritdoc />
    public Task<Page<PipelineInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IPipelineDirectoryGrain>(clientOptions.Tenant).List(page ?? new PageRequest()).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<PipelineStatus> GetAsync(string name, CancellationToken cancellationToken = default) => Pipeline(name).Get().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PipelineVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default) =>
        Pipeline(name).Versions().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<PipelineInfo> DeployAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        Pipeline(name).Deploy(version).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<PipelineInfo> PauseAsync(string name, CancellationToken cancellationToken = default) => Pipeline(name).Pause().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<PipelineInfo> ResumeAsync(string name, CancellationToken cancellationToken = default) => Pipeline(name).Resume().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<PipelineInfo> StopAsync(string name, CancellationToken cancellationToken = default) => Pipeline(name).Stop().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => Pipeline(name).Delete().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<Admission> PushAsync(string name, IReadOnlyList<FeatureEvent> events, CancellationToken cancellationToken = default) =>
        Input().Push(Ref(name).Key, events).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<Page<PipelineDeadLetter>> DeadLettersAsync(string name, int pageSize = PageRequest.DefaultPageSize, string? continuationToken = null,
        CancellationToken cancellationToken = default) =>
        grains.GetGrain<IPipelineDeadLettersGrain>(Ref(name).Key).List(pageSize, continuationToken).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<int> ReplayDeadLettersAsync(string name, int max = 10_000, CancellationToken cancellationToken = default) =>
        Input().Replay(Ref(name).Key, max).WaitAsync(cancellationToken);

    private PipelineRef Ref(string name) => PipelineRef.Create(clientOptions.Tenant, name);

    private IPipelineGrain Pipeline(string name) => grains.GetGrain<IPipelineGrain>(Ref(name).Key);

    private IPipelineInputGrain Input() => grains.GetGrain<IPipelineInputGrain>(0);
}
