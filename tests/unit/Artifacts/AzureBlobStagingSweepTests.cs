using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Tests.Unit.Storage;

namespace Mle.Tests.Unit.Artifacts;

/// <summary>
/// The blob store's staging folder after a killed upload (a SIGKILL runs no delete-on-close): swept when the store
/// opens and on each <see cref="AzureBlobArtifactStore.SweepAbandonedWrites"/>, never a live or a young file. Staging
/// touches no server: the account below is never reached.
/// </summary>
public sealed class AzureBlobStagingSweepTests : IDisposable
{
    private const string Unreached = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;";
    private static readonly byte[] Model = "PK\u0003\u0004 a model's bytes"u8.ToArray();
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Abandoned_staging_files_are_swept_when_the_store_opens_and_while_it_runs_but_not_locked_or_young_ones()
    {
        var abandoned = Path.Combine(_directory.Path, "killed.partial");
        var young = Path.Combine(_directory.Path, "young.partial");
        await File.WriteAllBytesAsync(abandoned, [1, 2, 3]);
        await File.WriteAllBytesAsync(young, [4, 5, 6]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - TimeSpan.FromHours(2));

        var store = Open();

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(young));

        await using var live = await store.Stage(new MemoryStream(Model), long.MaxValue);
        var livePath = Assert.Single(Directory.GetFiles(_directory.Path), p => p != young);
        File.SetLastWriteTimeUtc(livePath, DateTime.UtcNow - TimeSpan.FromHours(2));
        await File.WriteAllBytesAsync(abandoned, [7, 8, 9]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - TimeSpan.FromHours(2));

        Assert.Equal(1, store.SweepAbandonedWrites());

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(young));
        // An old file whose writer is alive keeps its lock, and so its file.
        Assert.True(File.Exists(livePath));
        Assert.Equal(Model, await live.ReadAll());
    }

    [Fact]
    public async Task A_staged_upload_disposed_without_a_commit_leaves_no_file()
    {
        var store = Open();

        await using (var staged = await store.Stage(new MemoryStream(Model), long.MaxValue))
        {
            Assert.Single(Directory.GetFiles(_directory.Path));
        }

        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    private AzureBlobArtifactStore Open() => new(Options.Create(new AzureBlobArtifactStoreOptions
    {
        ConnectionString = Unreached,
        StagingDirectory = _directory.Path,
        AbandonedUploadAge = TimeSpan.FromMinutes(10),
    }));
}
