using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Mle.Artifacts;
using Mle.Client;
using Mle.Configuration;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;
using Orleans.TestingHost;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// An in-process cluster of two silos with the registry, the scoring workers, memory grain storage and a
/// temporary artifact directory. The catalog refresh interval is ten minutes, so anything a test sees change
/// within seconds reached the silo by push invalidation.
/// </summary>
public sealed class RegistryCluster : IAsyncLifetime
{
    public const long MaxArtifactBytes = 1024 * 1024;

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);

    private PlatformCluster _platform = null!;

    public InProcessTestCluster Cluster => _platform.Cluster;

    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.Silos;

    public async Task InitializeAsync() => _platform = await PlatformCluster.StartAsync(2, new Dictionary<string, string?>
    {
        [$"{CatalogOptions.Section}:{nameof(CatalogOptions.CatalogRefreshInterval)}"] = RefreshInterval.ToString(),
        [$"{LimitsOptions.Section}:{nameof(LimitsOptions.MaxArtifactBytes)}"] = MaxArtifactBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    public T Service<T>(int silo) where T : notnull => _platform.Service<T>(silo);

    /// <summary>The co-hosted SDK of one silo: its grain factory and its serving seam.</summary>
    public IModelsClient Models(int silo) => _platform.Models(silo);

    /// <summary>An SDK client on one silo with other options (a tenant of its own, smaller limits).</summary>
    public IModelsClient Models(int silo, MleClientOptions options) =>
        new ModelsClient(Service<IGrainFactory>(silo), Service<IModelServing>(silo), options);

    public LoadedModelCache ModelCache(int silo) => Service<LoadedModelCache>(silo);

    public IArtifactStore Artifacts => Service<IArtifactStore>(0);
}

[CollectionDefinition(Name)]
public sealed class RegistryClusterCollection : ICollectionFixture<RegistryCluster>
{
    public const string Name = "registry cluster";
}
