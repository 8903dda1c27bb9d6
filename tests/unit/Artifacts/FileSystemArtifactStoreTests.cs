using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Errors;
using Mle.Registry;

using Mle.Tests.Unit.Storage;

namespace Mle.Tests.Unit.Artifacts;

public sealed class FileSystemArtifactStoreTests : IDisposable
{
    private static readonly byte[] Model = "PK\u0003\u0004 a model's bytes"u8.ToArray();
    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemArtifactStore _store;

    public FileSystemArtifactStoreTests() =>
        _store = new FileSystemArtifactStore(Options.Create(new FileSystemArtifactStoreOptions { Root = _directory.Path }));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Opening_the_store_sweeps_abandoned_temporary_files_but_not_locked_or_young_ones()
    {
        var incoming = Directory.CreateDirectory(Path.Combine(_directory.Path, "incoming")).FullName;
        var abandoned = Path.Combine(incoming, "crashed.partial");
        var young = Path.Combine(incoming, "young.partial");
        await File.WriteAllBytesAsync(abandoned, [1, 2, 3]);
        await File.WriteAllBytesAsync(young, [4, 5, 6]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - TimeSpan.FromHours(2));
        await using var live = await _store.Stage(new MemoryStream(Model), long.MaxValue);
        var livePath = Assert.Single(Directory.GetFiles(incoming), p => p != abandoned && p != young);
        File.SetLastWriteTimeUtc(livePath, DateTime.UtcNow - TimeSpan.FromHours(2));

        var reopened = new FileSystemArtifactStore(Options.Create(new FileSystemArtifactStoreOptions { Root = _directory.Path }));

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(young));
        // An old file whose writer is alive keeps its lock, and so its file.
        Assert.True(File.Exists(livePath));
        Assert.Equal(Model.Length, (await live.Commit()).SizeBytes);
        Assert.True(await reopened.Exists(live.Sha256));
    }

    [Fact]
    public async Task A_staged_artifact_is_hashed_as_it_streams_and_published_only_on_commit()
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Model));

        await using (var staged = await _store.Stage(new MemoryStream(Model), maxBytes: Model.Length))
        {
            Assert.Equal(sha256, staged.Sha256);
            Assert.Equal(Model.Length, staged.SizeBytes);
            Assert.Equal(Model, await staged.ReadAll());
            Assert.False(await _store.Exists(sha256));
        }

        // Disposed without a commit: nothing is left, not even the temporary file.
        Assert.False(await _store.Exists(sha256));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_stream_over_the_limit_is_refused_and_leaves_no_temporary_file()
    {
        var error = await Assert.ThrowsAsync<InvalidArtifactException>(() => _store.Stage(new MemoryStream(Model), maxBytes: Model.Length - 1));

        Assert.Equal(ErrorCodes.ArtifactTooLarge, error.Code);
        Assert.Empty(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Every_folder_the_store_creates_is_synced_in_its_parent_and_the_artifact_in_its_folder()
    {
        var synced = new List<string>();
        var root = Path.Combine(_directory.Path, "new-root");
        var store = new FileSystemArtifactStore(Options.Create(new FileSystemArtifactStoreOptions { Root = root }), null, synced.Add);

        var artifact = await store.Put(Model);

        var folder = Path.Combine(root, "sha256", artifact.Sha256[..2]);
        // A new folder's entry lives in its parent: each parent is synced after the folder is created.
        Assert.Contains(_directory.Path, synced);
        Assert.Contains(root, synced);
        Assert.Contains(Path.Combine(root, "sha256"), synced);
        // The rename that publishes the artifact is synced in the artifact's folder, after that folder was created.
        Assert.Equal(folder, synced[^1]);
    }

    [Fact]
    public async Task An_unreferenced_artifact_is_deleted_only_if_not_stored_again_since_the_sweep_looked()
    {
        var artifact = await _store.Put(Model);
        var path = PathOf(artifact.Sha256);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromDays(2));
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromDays(1);
        Assert.Contains(artifact.Sha256, _store.ArtifactsWrittenBefore(cutoff));

        // The same bytes uploaded again refresh the file: the sweep must leave it to the new version.
        await _store.Put(Model);
        Assert.False(_store.DeleteIfWrittenBefore(artifact.Sha256, cutoff));
        Assert.True(await _store.Exists(artifact.Sha256));

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromDays(2));
        Assert.True(_store.DeleteIfWrittenBefore(artifact.Sha256, cutoff));
        Assert.False(await _store.Exists(artifact.Sha256));
    }

    [Fact]
    public async Task Listing_old_artifacts_names_only_published_artifacts_written_before_the_cutoff()
    {
        var old = await _store.Put(Model);
        var recent = await _store.Put("a recent model"u8.ToArray());
        File.SetLastWriteTimeUtc(PathOf(old.Sha256), DateTime.UtcNow - TimeSpan.FromDays(2));
        // An upload in progress is a temporary file, not an artifact.
        await using var staged = await _store.Stage(new MemoryStream("in flight"u8.ToArray()), long.MaxValue);
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(PathOf(old.Sha256))!, "stray.txt"), [1]);
        File.SetLastWriteTimeUtc(Path.Combine(Path.GetDirectoryName(PathOf(old.Sha256))!, "stray.txt"), DateTime.UtcNow - TimeSpan.FromDays(2));

        var listed = _store.ArtifactsWrittenBefore(DateTimeOffset.UtcNow - TimeSpan.FromDays(1)).ToList();

        Assert.Equal([old.Sha256], listed);
        Assert.DoesNotContain(recent.Sha256, listed);
        Assert.DoesNotContain(staged.Sha256, listed);
    }

    [Fact]
    public async Task Deleting_an_old_artifact_removes_its_file_and_syncs_its_folder()
    {
        var synced = new List<string>();
        var store = new FileSystemArtifactStore(Options.Create(new FileSystemArtifactStoreOptions { Root = _directory.Path }), null, synced.Add);
        var artifact = await store.Put(Model);
        File.SetLastWriteTimeUtc(PathOf(artifact.Sha256), DateTime.UtcNow - TimeSpan.FromDays(2));
        synced.Clear();

        Assert.True(store.DeleteIfWrittenBefore(artifact.Sha256, DateTimeOffset.UtcNow - TimeSpan.FromDays(1)));

        Assert.False(File.Exists(PathOf(artifact.Sha256)));
        Assert.Equal([Path.GetDirectoryName(PathOf(artifact.Sha256))!], synced);
        // Deleting what is gone is no error, and says it deleted nothing.
        Assert.False(store.DeleteIfWrittenBefore(artifact.Sha256, DateTimeOffset.UtcNow));
        Assert.Throws<InvalidRequestException>(() => store.DeleteIfWrittenBefore("../../etc/passwd", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_reference_names_the_content_and_never_where_the_server_keeps_it()
    {
        var artifact = await _store.Put(Model);

        Assert.Equal(new ArtifactRef(Convert.ToHexStringLower(SHA256.HashData(Model)), Model.Length), artifact);
        Assert.DoesNotContain(_directory.Path, artifact.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_artifact_is_stored_under_its_sha256()
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Model));

        var artifact = await _store.Put(Model);

        var expectedPath = Path.Combine(_directory.Path, "sha256", sha256[..2], sha256);
        Assert.Equal(sha256, artifact.Sha256);
        Assert.Equal(Model.Length, artifact.SizeBytes);
        Assert.Equal(Model, await File.ReadAllBytesAsync(expectedPath));
        Assert.True(await _store.Exists(sha256));
    }

    [Fact]
    public async Task An_opened_artifact_reads_back_its_bytes()
    {
        var artifact = await _store.Put(Model);

        await using var stream = await _store.Open(artifact);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(Model, copy.ToArray());
    }

    [Fact]
    public async Task Storing_the_same_bytes_again_returns_the_same_reference_and_keeps_the_one_file()
    {
        var first = await _store.Put(Model);
        var path = PathOf(first.Sha256);

        var second = await _store.Put(Model.ToArray());

        Assert.Equal(first, second);
        Assert.Equal(Model, await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Different_bytes_get_different_addresses()
    {
        var first = await _store.Put(Model);
        var second = await _store.Put("another model"u8.ToArray());

        Assert.NotEqual(first.Sha256, second.Sha256);
        Assert.Equal(2, Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_cancelled_put_leaves_neither_the_artifact_nor_a_temporary_file()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.Put(Model, cancelled.Token));

        Assert.Empty(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories));
        Assert.False(await _store.Exists(Convert.ToHexStringLower(SHA256.HashData(Model))));
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_bytes_store_one_file_and_no_temporary_files()
    {
        var artifacts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.Put(Model))));

        Assert.Single(artifacts.Distinct());
        Assert.Single(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Opening_a_missing_artifact_throws_FileNotFoundException()
    {
        var missing = new ArtifactRef(new string('a', 64), 1);

        await Assert.ThrowsAsync<FileNotFoundException>(() => _store.Open(missing));
        Assert.False(await _store.Exists(missing.Sha256));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abc")]
    public async Task A_malformed_hash_is_rejected_before_touching_the_disk(string sha256)
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _store.Exists(sha256));
        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
    }

    private string PathOf(string sha256) => Path.Combine(_directory.Path, "sha256", sha256[..2], sha256);
}
