using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Registry;

namespace Mle.Artifacts;

/// <summary>
/// Artifacts as files named by their SHA-256 under <c>{root}/sha256/ab/&lt;hash&gt;</c>. An upload streams into
/// a locked temporary file under <c>{root}/incoming</c> while it is hashed; it appears under its final name only
/// by an atomic rename once flushed, so a reader never sees half an artifact and a crash leaves at most a
/// temporary file, which <see cref="SweepAbandonedWrites"/> removes once no writer holds its lock.
/// </summary>
public sealed class FileSystemArtifactStore : IArtifactStore, IArtifactInventory, IAbandonedUploads
{
    private const string TemporarySuffix = ".partial";

    // Publishing and deleting the same name in this process never interleave; across silos, the time check does it.
    private readonly object _publishing = new();
    private readonly string _root;
    private readonly string _incoming;
    private readonly TimeSpan _abandonedAfter;
    private readonly TimeProvider _time;
    private readonly Action<string> _flushDirectory;

    public FileSystemArtifactStore(IOptions<FileSystemArtifactStoreOptions> options, TimeProvider? time = null)
        : this(options, time, DirectorySync.Flush)
    {
    }

    /// <param name="options">The root and the sweep age.</param>
    /// <param name="time">The clock the sweeps read.</param>
    /// <param name="flushDirectory">Syncs a directory; tests observe which ones.</param>
    internal FileSystemArtifactStore(IOptions<FileSystemArtifactStoreOptions> options, TimeProvider? time, Action<string> flushDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.Root);
        _root = Path.GetFullPath(options.Value.Root);
        _incoming = Path.Combine(_root, "incoming");
        _abandonedAfter = options.Value.AbandonedWriteAge;
        _time = time ?? TimeProvider.System;
        _flushDirectory = flushDirectory;
        SweepAbandonedWrites();
    }

    public async Task<ArtifactRef> Put(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await using var staged = await Stage(new ReadOnlyMemoryStream(content), long.MaxValue, cancellationToken).ConfigureAwait(false);
        return await staged.Commit(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IStagedArtifact> Stage(Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        DirectorySync.Create(_incoming, _flushDirectory);
        var path = Path.Combine(_incoming, $"{Guid.NewGuid():N}{TemporarySuffix}");
        // FileShare.None for the file's whole life: the lock tells a sweeper this write is alive.
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, StagingFile.FileBufferSize, FileOptions.Asynchronous);
        try
        {
            var (sha256, size) = await StagingFile.Fill(file, content, maxBytes, cancellationToken).ConfigureAwait(false);
            return new StagedFile(this, file, sha256, size);
        }
        catch
        {
            File.Delete(path);
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<Stream> Open(ArtifactRef artifact, CancellationToken cancellationToken = default)
    {
        var path = PathOf(ContentHash.Validate(artifact.Sha256));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Artifact sha256:{artifact.Sha256} is not in the store at '{_root}'.", path);
        }

        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Task.FromResult(stream);
    }

    public Task<bool> Exists(string sha256, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(ContentHash.Validate(sha256))));

    /// <inheritdoc/>
    public TimeSpan AbandonedAfter => _abandonedAfter;

    /// <summary>
    /// Removes temporary files that crashed writers left behind: those whose lock no process holds and that are
    /// older than <see cref="FileSystemArtifactStoreOptions.AbandonedWriteAge"/>. Safe on a root shared by
    /// several silos: a live writer holds its lock. Returns how many it removed.
    /// </summary>
    public int SweepAbandonedWrites()
    {
        var now = _time.GetUtcNow();
        // Temporary files used to sit next to their artifact; both places are swept.
        return AbandonedFiles.Sweep(_incoming, "*" + TemporarySuffix, _abandonedAfter, now)
            + AbandonedFiles.Sweep(Path.Combine(_root, "sha256"), "*" + TemporarySuffix, _abandonedAfter, now);
    }

    /// <inheritdoc cref="IArtifactInventory.ArtifactsWrittenBefore"/>
    public IEnumerable<string> ArtifactsWrittenBefore(DateTimeOffset before)
    {
        var store = Path.Combine(_root, "sha256");
        if (!Directory.Exists(store))
        {
            yield break;
        }
        foreach (var path in Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (ContentHash.IsValid(name) && File.GetLastWriteTimeUtc(path) < before.UtcDateTime)
            {
                yield return name;
            }
        }
    }

    /// <inheritdoc cref="IArtifactInventory.DeleteIfWrittenBefore"/>
    /// <remarks>
    /// In this process, the check and the delete hold the lock a publish holds, so they cannot interleave with a
    /// new upload of the same bytes. Across silos sharing the root, they can only in the instant between the
    /// check and the delete, and only for bytes both unreferenced and re-uploaded in that instant.
    /// </remarks>
    public bool DeleteIfWrittenBefore(string sha256, DateTimeOffset before)
    {
        var path = PathOf(ContentHash.Validate(sha256));
        lock (_publishing)
        {
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) >= before.UtcDateTime)
            {
                return false;
            }
            File.Delete(path);
        }
        _flushDirectory(Path.GetDirectoryName(path)!);
        return true;
    }

    IAsyncEnumerable<string> IArtifactInventory.ArtifactsWrittenBefore(DateTimeOffset before, CancellationToken cancellationToken) =>
        ArtifactsWrittenBefore(before).ToAsyncEnumerable();

    Task<bool> IArtifactInventory.DeleteIfWrittenBefore(string sha256, DateTimeOffset before, CancellationToken cancellationToken) =>
        Task.FromResult(DeleteIfWrittenBefore(sha256, before));

    /// <summary>Flushes a staged file and renames it to its content address (called by <see cref="StagedFile.Commit"/>).</summary>
    internal ArtifactRef Publish(FileStream file, string sha256, long size)
    {
        var path = PathOf(sha256);
        var artifact = new ArtifactRef(sha256, size);
        var directory = Path.GetDirectoryName(path)!;
        DirectorySync.Create(directory, _flushDirectory);

        // Data reaches the disk before the rename makes it visible under its final name.
        file.Flush(flushToDisk: true);
        lock (_publishing)
        {
            if (File.Exists(path))
            {
                // Same bytes, same name: never rewritten. Its time is refreshed so that the unreferenced-artifact
                // sweep, which only deletes files older than its grace period, leaves it to the version about to use it.
                File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
                File.Delete(file.Name);
                return artifact;
            }
            try
            {
                File.Move(file.Name, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another silo stored the same bytes first; its file is as good as ours.
                File.Delete(file.Name);
                return artifact;
            }
        }
        _flushDirectory(directory);
        return artifact;
    }

    private string PathOf(string sha256) => Path.Combine(_root, "sha256", sha256[..2], sha256);

    /// <summary>A read-only stream over memory the caller owns, so <see cref="Put"/> copies nothing up front.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> content) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => content.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, content.Length - _position);
            content.Span.Slice(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
