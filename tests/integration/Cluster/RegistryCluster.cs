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

    private readonly string _artifactRoot = Path.Combine(Path.GetTempPath(), "mle-cluster-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.Silos;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{CatalogOptions.Section}:{nameof(CatalogOptions.CatalogRefreshInterval)}"] = RefreshInterval.ToString(),
                [$"{LimitsOptions.Section}:{nameof(LimitsOptions.MaxArtifactBytes)}"] = MaxArtifactBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();

        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Registry);
            silo.Services.Configure<FileSystemArtifactStoreOptions>(o => o.Root = _artifactRoot);
            silo.Services.AddSingleton<IArtifactStore, FileSystemArtifactStore>();
            silo.Services.AddMleScoring(configuration).AddMleServing(configuration).AddMleRegistry(configuration).AddMleClientCohosted();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(_artifactRoot))
        {
            Directory.Delete(_artifactRoot, recursive: true);
        }
    }

    public T Service<T>(int silo) where T : notnull => Silos[silo].ServiceProvider.GetRequiredService<T>();

    /// <summary>The co-hosted SDK of one silo: its grain factory and its catalog.</summary>
    public IModelsClient Models(int silo) => Service<IMleClient>(silo).Models;

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
