using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Mle.Artifacts;
using Mle.Client;
using Mle.Configuration;
using Mle.Errors;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure.Servers;

namespace Mle.Tests.Integration.Durability;

/// <summary>
/// The collection of artifacts no version references, on a silo whose registry storage fails to record versions
/// of models named <c>fail-*</c>: such a failed record leaves an artifact behind, as a crash between storing and
/// recording does. Each test uses bytes of its own; a sweep with a zero grace period collects everything that
/// qualifies, one with an hour collects nothing this young. The same specification holds for every store that
/// lists its artifacts: the file system (<see cref="UnreferencedArtifactCollectionTests"/>) and Azure Blobs
/// (<see cref="UnreferencedBlobCollectionTests"/>).
/// </summary>
public abstract class UnreferencedArtifactCollectionSpecification : IAsyncLifetime
{
    private static readonly TimeSpan DefaultGrace = new ArtifactCollectionOptions().UnreferencedGracePeriod;

    private PlatformCluster _platform = null!;

    private IServiceProvider Services => _platform.Cluster.Silos[0].ServiceProvider;

    private IArtifactStore Store => Services.GetRequiredService<IArtifactStore>();

    private UnreferencedArtifactSweep Sweep => Services.GetRequiredService<UnreferencedArtifactSweep>();

    public async Task InitializeAsync() =>
        _platform = await PlatformCluster.StartAsync(1, registryStorage: inner => new FailingVersionStorage(inner), artifactStore: ArtifactStore());

    public virtual async Task DisposeAsync() => await _platform.DisposeAsync();

    /// <summary>The store under test, or null for the cluster's temporary artifact directory.</summary>
    protected abstract Func<IServiceProvider, IArtifactStore>? ArtifactStore();

    [SkippableFact]
    public async Task An_artifact_left_by_a_failed_record_is_collected_once_the_grace_period_has_passed()
    {
        var models = Models("default");
        var name = Registration.UniqueName(FailingVersionStorage.FailingPrefix + "orphan");
        await models.CreateAsync(name);
        var bytes = DistinctModels.Logistic(1);
        await Assert.ThrowsAsync<VersionRecordFailedException>(() => models.RegisterVersionAsync(name, new MemoryStream(bytes)));
        var sha256 = Sha256(bytes);
        Assert.True(await Store.Exists(sha256));

        Assert.Equal(0, await Sweep.Collect(DefaultGrace));
        Assert.True(await Store.Exists(sha256));

        Assert.Equal(1, await Sweep.Collect(TimeSpan.Zero));
        Assert.False(await Store.Exists(sha256));
        Assert.Equal(0, await Sweep.Collect(TimeSpan.Zero));
    }

    [SkippableFact]
    public async Task Bytes_shared_by_models_of_two_tenants_are_kept_while_one_version_references_them()
    {
        var bytes = DistinctModels.Logistic(2);
        var kept = Registration.UniqueName("kept");
        var failed = Registration.UniqueName(FailingVersionStorage.FailingPrefix + "shared");
        await Models("default").CreateAsync(kept);
        await Models("other").CreateAsync(failed);
        var ready = await Models("default").RegisterVersionAsync(kept, new MemoryStream(bytes));
        await Assert.ThrowsAsync<VersionRecordFailedException>(() => Models("other").RegisterVersionAsync(failed, new MemoryStream(bytes)));

        Assert.Equal(0, await Sweep.Collect(TimeSpan.Zero));

        Assert.Equal(Sha256(bytes), ready.Artifact!.Sha256);
        await using var stored = await Store.Open(ready.Artifact);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        var references = _platform.Service<IGrainFactory>(0).GetGrain<IArtifactReferencesGrain>(ready.Artifact.Sha256);
        Assert.False(await references.IsCollectable(DateTimeOffset.MaxValue));
    }

    [SkippableFact]
    public async Task An_artifact_stored_and_claimed_but_never_recorded_is_collected_after_the_grace_period()
    {
        // What a crash between storing an upload and recording its version leaves: a claim, a file, no version.
        var bytes = DistinctModels.Logistic(3);
        var sha256 = Sha256(bytes);
        await _platform.Service<IGrainFactory>(0).GetGrain<IArtifactReferencesGrain>(sha256).Claim(alreadyStored: false);
        await Store.Put(bytes);

        Assert.Equal(0, await Sweep.Collect(DefaultGrace));
        Assert.True(await Store.Exists(sha256));
        Assert.Equal(1, await Sweep.Collect(TimeSpan.Zero));
        Assert.False(await Store.Exists(sha256));
    }

    [SkippableFact]
    public async Task An_artifact_the_registry_never_heard_of_is_never_collected()
    {
        // Stored before references were kept: versions the registry cannot name may use it.
        var legacy = await Store.Put(DistinctModels.Logistic(4));
        // Bytes stored that way and registered again later: the claim finds them stored, and keeps them for good.
        var bytes = DistinctModels.Logistic(5);
        await Store.Put(bytes);
        var name = Registration.UniqueName(FailingVersionStorage.FailingPrefix + "legacy");
        await Models("default").CreateAsync(name);
        await Assert.ThrowsAsync<VersionRecordFailedException>(() => Models("default").RegisterVersionAsync(name, new MemoryStream(bytes)));

        Assert.Equal(0, await Sweep.Collect(TimeSpan.Zero));

        Assert.True(await Store.Exists(legacy.Sha256));
        Assert.True(await Store.Exists(Sha256(bytes)));
    }

    [SkippableFact]
    public async Task Bytes_registered_again_after_their_version_failed_are_kept_for_the_new_version()
    {
        var bytes = DistinctModels.Logistic(6);
        var failed = Registration.UniqueName(FailingVersionStorage.FailingPrefix + "again");
        var retried = Registration.UniqueName("again");
        await Models("default").CreateAsync(failed);
        await Models("default").CreateAsync(retried);
        await Assert.ThrowsAsync<VersionRecordFailedException>(() => Models("default").RegisterVersionAsync(failed, new MemoryStream(bytes)));
        Assert.Equal(1, await Sweep.Collect(TimeSpan.Zero));

        var version = await Models("default").RegisterVersionAsync(retried, new MemoryStream(bytes));

        Assert.Equal(VersionStatus.Ready, version.Status);
        Assert.Equal(0, await Sweep.Collect(TimeSpan.Zero));
        Assert.True(await Store.Exists(Sha256(bytes)));
    }

    private IModelsClient Models(string tenant) =>
        new ModelsClient(Services.GetRequiredService<IGrainFactory>(), Services.GetRequiredService<IModelServing>(), new MleClientOptions { Tenant = tenant });

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}

/// <summary>The file-system store, in the cluster's temporary artifact directory.</summary>
public sealed class UnreferencedArtifactCollectionTests : UnreferencedArtifactCollectionSpecification
{
    protected override Func<IServiceProvider, IArtifactStore>? ArtifactStore() => null;
}

/// <summary>The Azure Blob store on a private Azurite, one container per test.</summary>
public sealed class UnreferencedBlobCollectionTests(AzuriteFixture azurite) : UnreferencedArtifactCollectionSpecification, IClassFixture<AzuriteFixture>
{
    private readonly DirectoryInfo _staging = Directory.CreateTempSubdirectory("mle-blob-staging-");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _staging.Delete(recursive: true);
    }

    protected override Func<IServiceProvider, IArtifactStore>? ArtifactStore()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new AzureBlobArtifactStoreOptions
        {
            ConnectionString = azurite.Server.ConnectionString,
            Container = "sweep-" + Guid.NewGuid().ToString("N")[..12],
            StagingDirectory = _staging.FullName,
        });
        return _ => new AzureBlobArtifactStore(options);
    }
}
