using Microsoft.Extensions.Options;
using Mle.Registry;

namespace Mle.Artifacts;

/// <summary>
/// Artifacts as files named by their SHA-256 under <c>{root}/sha256/ab/&lt;hash&gt;</c>. A file appears
/// under its final name only by an atomic rename of a fully written, flushed temporary file, so a reader
/// never sees half an artifact and a crash leaves at most a temporary file, never a corrupt artifact.
/// </summary>
public sealed class FileSystemArtifactStore : IArtifactStore
{
    private const string TemporarySuffix = ".partial";

    private readonly string _root;

    /// <summary>A temporary file older than this was left by a writer that crashed, not one still writing.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    public FileSystemArtifactStore(IOptions<FileSystemArtifactStoreOptions> options, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.Root);
        _root = Path.GetFullPath(options.Value.Root);
        SweepAbandonedWrites((time ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>
    /// Removes temporary files that crashed writers left behind. Only old ones: the root may be a volume
    /// shared by several silos, and a young temporary file may belong to a write still in progress.
    /// </summary>
    private void SweepAbandonedWrites(DateTimeOffset now)
    {
        var store = Path.Combine(_root, "sha256");
        if (!Directory.Exists(store))
        {
            return;
        }
        foreach (var temporary in Directory.EnumerateFiles(store, "*" + TemporarySuffix, SearchOption.AllDirectories))
        {
            if (now - File.GetLastWriteTimeUtc(temporary) > AbandonedAfter)
            {
                File.Delete(temporary);
            }
        }
    }

    public async Task<ArtifactRef> Put(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var sha256 = ContentHash.Of(content.Span);
        var path = PathOf(sha256);
        var artifact = new ArtifactRef(sha256, new Uri(path).AbsoluteUri, content.Length);

        // Same bytes, same name: an artifact already stored is never rewritten.
        if (File.Exists(path))
        {
            return artifact;
        }

        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $"{sha256}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, cancellationToken);
                // Data reaches the disk before the rename makes it visible under its final name.
                file.Flush(flushToDisk: true);
            }

            Publish(temporary, path);
            DirectorySync.Flush(directory);
        }
        finally
        {
            File.Delete(temporary);
        }

        return artifact;
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

    private string PathOf(string sha256) => Path.Combine(_root, "sha256", sha256[..2], sha256);

    private static void Publish(string temporary, string path)
    {
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another writer stored the same bytes first; its file is as good as ours.
        }
    }
}
