using Mle.Registry;

namespace Mle.Artifacts;

/// <summary>
/// An upload in a temporary file of <see cref="FileSystemArtifactStore"/>. The file is opened with
/// <see cref="FileShare.None"/> for its whole life, which on Linux is an advisory lock (flock) that the kernel
/// drops when the process dies: a sweeper that can take the lock knows the writer is gone.
/// </summary>
internal sealed class StagedFile(FileSystemArtifactStore store, FileStream file, string sha256, long size) : IStagedArtifact
{
    private ArtifactRef? _committed;
    private bool _disposed;

    public string Sha256 => sha256;

    public long SizeBytes => size;

    public string TemporaryPath => file.Name;

    public Task<byte[]> ReadAll(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return StagingFile.ReadAll(file, size, cancellationToken);
    }

    public Task<ArtifactRef> Commit(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        // Flush and rename block on the disk: off the caller's thread, which may be a grain's.
        return _committed is { } done ? Task.FromResult(done) : Task.Run(() => _committed = store.Publish(file, sha256, size), cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }
        _disposed = true;
        var path = file.Name;
        if (_committed is null)
        {
            // Deleted while still locked, so no sweeper can see it as abandoned in between.
            File.Delete(path);
        }
        file.Dispose();
        return ValueTask.CompletedTask;
    }
}
