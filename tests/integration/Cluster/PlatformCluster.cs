using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Mle.Artifacts;
using Mle.Client;
using Mle.Configuration;
using Mle.Endpoints;
using Mle.Features;
using Mle.Pipelines;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;
using Mle.Silo.Security;
using Mle.Streams;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// An in-process Orleans cluster with the platform's registry, serving and scoring, memory grain storage (or a
/// storage a test wraps around it) and a temporary artifact directory, removed on dispose.
/// </summary>
public sealed class PlatformCluster : IAsyncDisposable
{
    private readonly string _artifactRoot = Path.Combine(Path.GetTempPath(), "mle-cluster-" + Guid.NewGuid().ToString("N"));

    private PlatformCluster()
    {
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>
    /// Deploys <paramref name="silos"/> silos with <paramref name="settings"/> over the defaults; a test that wants
    /// the registry's storage to misbehave passes <paramref name="registryStorage"/>, which wraps the memory storage;
    /// <paramref name="artifactStore"/> replaces the temporary artifact directory.
    /// </summary>
    public static async Task<PlatformCluster> StartAsync(
        int silos,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<IGrainStorage, IGrainStorage>? registryStorage = null,
        Func<IServiceProvider, IArtifactStore>? artifactStore = null)
    {
        var platform = new PlatformCluster();
        // Every silo shares the cluster secret, as a deployment's do, so their calls to each other are the cluster's own.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Mle:Security:ClusterSecret"] = TestSilo.ClusterSecret })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var builder = new InProcessTestClusterBuilder(checked((short)silos));
        builder.ConfigureSilo((_, silo) =>
        {
            if (registryStorage is null)
            {
                silo.AddMemoryGrainStorage(StorageNames.Registry);
            }
            else
            {
                silo.AddMemoryGrainStorage("inner");
                silo.Services.AddKeyedSingleton(StorageNames.Registry, (sp, _) => registryStorage(sp.GetRequiredKeyedService<IGrainStorage>("inner")));
            }
            silo.AddMemoryGrainStorage(StorageNames.Features);
            silo.AddMemoryGrainStorage(StorageNames.Audit);
            silo.AddMemoryGrainStorage(StorageNames.PubSub);
            // The embedded backend as a silo configures it, here across silos.
            silo.AddMleMemoryStreams(Mle.Streams.StreamNames.Provider, new Mle.Silo.Hosting.StreamsOptions().MemoryQueueSettings);
            // Grain calls are authorized as on a deployed silo: a client's by its key, the silos' own by the stamp.
            silo.Services.AddMleClusterCallAuthorization(configuration);
            if (artifactStore is null)
            {
                silo.Services.Configure<FileSystemArtifactStoreOptions>(o => o.Root = platform._artifactRoot);
                silo.Services.AddSingleton<IArtifactStore, FileSystemArtifactStore>();
            }
            else
            {
                silo.Services.AddSingleton(artifactStore);
            }
            silo.Services.AddMleScoring(configuration).AddMleServing(configuration).AddMleRegistry(configuration).AddMleFeatures(configuration).AddMlePipelines(configuration)
                .AddMleEndpoints(configuration).AddMleClientCohosted();
        });
        platform.Cluster = builder.Build();
        try
        {
            await platform.Cluster.DeployAsync();
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    public T Service<T>(int silo) where T : notnull => Cluster.Silos[silo].ServiceProvider.GetRequiredService<T>();

    /// <summary>The co-hosted SDK of one silo: its grain factory and its serving seam.</summary>
    public IModelsClient Models(int silo) => Service<IMleClient>(silo).Models;

    /// <summary>The co-hosted feature mart client of one silo.</summary>
    public IFeaturesClient Features(int silo) => Service<IMleClient>(silo).Features;

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(_artifactRoot))
        {
            Directory.Delete(_artifactRoot, recursive: true);
        }
    }
}
