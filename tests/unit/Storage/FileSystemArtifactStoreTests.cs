using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Errors;
using Mle.Registry;

namespace Mle.Tests.Unit.Storage;

public sealed class FileSystemArtifactStoreTests : IDisposable
{
    private static readonly byte[] Model = "PK\u0003\u0004 a model's bytes"u8.ToArray();
    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemArtifactStore _store;

    public FileSystemArtifactStoreTests() =>
        _store = new FileSystemArtifactStore(Options.Create(new FileSystemArtifactStoreOptions { Root = _directory.Path }));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Opening_the_store_sweeps_temporary_files_abandoned_by_crashed_writers_but_not_young_ones()
    {
        var artifact = await _store.Put(Model);
        var folder = Path.GetDirectoryName(new Uri(artifact.Uri).LocalPath)!;
        var abandoned = Path.Combine(folder, $"{artifact.Sha256}.crashed.partial");
        var inProgress = Path.Combine(folder, $"{artifact.Sha256}.writing.partial");
        await File.WriteAllBytesAsync(abandoned, [1, 2, 3]);
        await File.WriteAllBytesAsync(inProgress, [4, 5, 6]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - FileSystemArtifactStore.AbandonedAfter - TimeSpan.FromMinutes(1));

        var reopened = new FileSystemArtifactStore(Options.Create(new FileSystemArtifactStoreOptions { Root = _directory.Path }));

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(inProgress));
        Assert.True(await reopened.Exists(artifact.Sha256));
    }

    [Fact]
    public async Task An_artifact_is_stored_under_its_sha256()
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Model));

        var artifact = await _store.Put(Model);

        var expectedPath = Path.Combine(_directory.Path, "sha256", sha256[..2], sha256);
        Assert.Equal(sha256, artifact.Sha256);
        Assert.Equal(Model.Length, artifact.SizeBytes);
        Assert.Equal(new Uri(expectedPath), new Uri(artifact.Uri));
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
    public async Task Storing_the_same_bytes_again_returns_the_same_reference_and_does_not_rewrite_the_file()
    {
        var first = await _store.Put(Model);
        var path = new Uri(first.Uri).LocalPath;
        var writtenAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, writtenAt);

        var second = await _store.Put(Model.ToArray());

        Assert.Equal(first, second);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(path));
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
        var missing = new ArtifactRef(new string('a', 64), "file:///nowhere", 1);

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
}
