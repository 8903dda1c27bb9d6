using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mle.Artifacts;
using Mle.Configuration;
using Mle.Streams;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Infrastructure.Servers;

namespace Mle.Tests.Integration.Backends;

/// <summary>Azure Storage on a private Azurite: clustering and reminders in Tables, grain state in Tables or Blobs, artifacts in Blobs, streams in Queues.</summary>
public sealed class AzureStorageBackendTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [SkippableFact]
    public async Task Table_clustering_table_state_and_blob_artifacts_survive_a_restart()
    {
        var container = "artifacts-" + Guid.NewGuid().ToString("N")[..12];

        await BackendRoundTrip.Survives_a_restart(BackendRoundTrip.Isolated(new()
        {
            ["Mle:Clustering:Provider"] = "AzureTables",
            ["Mle:Clustering:ConnectionString"] = azurite.Server.ConnectionString,
            ["Mle:Storage:Provider"] = "AzureTables",
            ["Mle:Storage:ConnectionString"] = azurite.Server.ConnectionString,
            ["Mle:Artifacts:Provider"] = "AzureBlob",
            ["Mle:Artifacts:ConnectionString"] = azurite.Server.ConnectionString,
            ["Mle:Artifacts:Container"] = container,
        }), localArtifacts: false);

        var blobs = new BlobServiceClient(azurite.Server.ConnectionString).GetBlobContainerClient(container);
        var stored = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync())
        {
            stored.Add(blob.Name);
        }
        var artifact = Assert.Single(stored);
        Assert.Matches("^sha256/[0-9a-f]{2}/[0-9a-f]{64}$", artifact);
    }

    [SkippableFact]
    public async Task Grain_state_in_blobs_survives_a_restart()
    {
        await BackendRoundTrip.Survives_a_restart(BackendRoundTrip.Isolated(new()
        {
            ["Mle:Clustering:Provider"] = "AzureTables",
            ["Mle:Clustering:ConnectionString"] = azurite.Server.ConnectionString,
            ["Mle:Storage:Provider"] = "AzureBlobs",
            ["Mle:Storage:ConnectionString"] = azurite.Server.ConnectionString,
            ["Mle:Artifacts:Shared"] = "true",
        }));
    }

    [SkippableFact]
    public async Task Events_written_to_the_azure_queue_stream_reach_their_consumer_through_the_pulling_agents()
    {
        await using var silo = await TestSilo.StartAsync(BackendRoundTrip.Isolated(new()
        {
            ["Mle:Streams:Provider"] = "AzureQueue",
            ["Mle:Streams:ConnectionString"] = azurite.Server.ConnectionString,
        }));
        var key = "probe-" + Guid.NewGuid().ToString("N")[..8];
        var stream = silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(StreamNames.Provider)
            .GetStream<string>(StreamId.Create(StreamProbeGrain.Namespace, key));
        string[] sent = [.. Enumerable.Range(0, 20).Select(i => $"event-{i}")];

        foreach (var item in sent)
        {
            await stream.OnNextAsync(item);
        }

        var received = await Eventually.Holds(
            () => silo.Grains.GetGrain<IStreamProbeGrain>(key).Received(),
            arrived => arrived.Count >= sent.Length,
            TimeSpan.FromSeconds(60),
            "every event arriving through Azure Queue");
        Assert.Equal(sent.Order(), received.Order());
    }

    [SkippableFact]
    public async Task The_blob_artifact_store_keeps_one_blob_per_content_and_reads_it_back()
    {
        var root = Directory.CreateTempSubdirectory("mle-staging-");
        try
        {
            var store = new AzureBlobArtifactStore(Microsoft.Extensions.Options.Options.Create(new AzureBlobArtifactStoreOptions
            {
                ConnectionString = azurite.Server.ConnectionString,
                Container = "store-" + Guid.NewGuid().ToString("N")[..12],
                StagingDirectory = root.FullName,
            }));
            var bytes = new byte[3 * 1024 * 1024 + 17];
            Random.Shared.NextBytes(bytes);

            await using (var staged = await store.Stage(new MemoryStream(bytes), long.MaxValue))
            {
                Assert.Equal(bytes, await staged.ReadAll());
                var first = await staged.Commit();
                Assert.Equal(ContentHash.Of(bytes), first.Sha256);
            }
            var again = await store.Put(bytes);

            await using var read = await store.Open(again);
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
            Assert.True(await store.Exists(again.Sha256));
            Assert.False(await store.Exists(ContentHash.Of([1, 2, 3])));
            Assert.Empty(Directory.EnumerateFiles(root.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task The_blob_store_lists_its_artifacts_by_age_deletes_only_old_ones_and_storing_bytes_again_touches_their_blob()
    {
        var root = Directory.CreateTempSubdirectory("mle-staging-");
        try
        {
            var container = "inventory-" + Guid.NewGuid().ToString("N")[..12];
            var store = new AzureBlobArtifactStore(Microsoft.Extensions.Options.Options.Create(new AzureBlobArtifactStoreOptions
            {
                ConnectionString = azurite.Server.ConnectionString,
                Container = container,
                StagingDirectory = root.FullName,
            }));
            var later = DateTimeOffset.UtcNow.AddHours(1);
            // A container nobody wrote to yet: nothing to list.
            Assert.Empty(await store.ArtifactsWrittenBefore(later, default).ToListAsync());
            byte[] bytes = [.. "an artifact to collect"u8];
            var artifact = await store.Put(bytes);
            var blob = new BlobServiceClient(azurite.Server.ConnectionString).GetBlobContainerClient(container)
                .GetBlobClient($"sha256/{artifact.Sha256[..2]}/{artifact.Sha256}");
            var written = (await blob.GetPropertiesAsync()).Value;

            Assert.Equal([artifact.Sha256], await store.ArtifactsWrittenBefore(later, default).ToListAsync());
            Assert.Empty(await store.ArtifactsWrittenBefore(written.LastModified, default).ToListAsync());
            Assert.False(await store.DeleteIfWrittenBefore(artifact.Sha256, written.LastModified, default));
            Assert.True(await store.Exists(artifact.Sha256));

            // Stored again (another registration of the same bytes): the blob is touched, so a deletion that checked
            // it before, and holds its old ETag, fails.
            await store.Put(bytes);
            var touched = (await blob.GetPropertiesAsync()).Value;
            Assert.NotEqual(written.ETag, touched.ETag);
            Assert.True(touched.LastModified >= written.LastModified);

            Assert.True(await store.DeleteIfWrittenBefore(artifact.Sha256, later, default));
            Assert.False(await store.Exists(artifact.Sha256));
            Assert.False(await store.DeleteIfWrittenBefore(artifact.Sha256, later, default));
            // Bytes stored after their blob was collected are stored anew.
            await store.Put(bytes);
            Assert.True(await store.Exists(artifact.Sha256));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
