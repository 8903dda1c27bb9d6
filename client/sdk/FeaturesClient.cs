using Mle.Features;
using Mle.Paging;

namespace Mle.Client;

/// <summary>
/// <see cref="IFeaturesClient"/> over an <see cref="IGrainFactory"/>: definitions go to the feature set's grain,
/// pushes and lookups to the mart's stateless worker on the silo (which validates whole batches and fans out to
/// the entities in parallel). The silo checks the key's role and tenant on every call.
/// </summary>
/// <param name="grains">The silo's grain factory (co-hosted) or the cluster client (out of process).</param>
/// <param name="clientOptions">The tenant.</param>
public sealed class FeaturesClient(IGrainFactory grains, MleClientOptions clientOptions) : IFeaturesClient
{
    /// <inheritdoc />
    public Task<FeatureSetInfo> CreateAsync(string name, FeatureSetSpec spec, CancellationToken cancellationToken = default) =>
        Set(name).Create(spec).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<FeatureSetInfo> EvolveAsync(string name, FeatureSetSpec spec, CancellationToken cancellationToken = default) =>
        Set(name).Evolve(spec).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<FeatureSetInfo> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Set(name).Get().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<Page<FeatureSetInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IFeatureSetDirectoryGrain>(clientOptions.Tenant).List(page ?? new PageRequest()).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<PushResult> PushAsync(string featureSet, IReadOnlyList<FeatureEvent> events, CancellationToken cancellationToken = default) =>
        Mart().Push(Ref(featureSet).Key, events).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<FeatureLookupResult> LookupAsync(
        string featureSet, IReadOnlyList<string> entities, IReadOnlyList<string> features, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default) =>
        Mart().Lookup(Ref(featureSet).Key, new FeatureLookup(entities, features, asOf)).WaitAsync(cancellationToken);

    private FeatureSetRef Ref(string name) => FeatureSetRef.Create(clientOptions.Tenant, name);

    private IFeatureSetGrain Set(string name) => grains.GetGrain<IFeatureSetGrain>(Ref(name).Key);

    private IFeatureMartGrain Mart() => grains.GetGrain<IFeatureMartGrain>(0);
}
