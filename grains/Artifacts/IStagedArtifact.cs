using Mle.Registry;

namespace Mle.Artifacts;

/// <summary>
/// An artifact received into the store but not yet published: its bytes are on disk in a temporary file,
/// hashed while they arrived. <see cref="Commit"/> publishes it under its content address; disposing an
/// uncommitted one deletes it.
/// </summary>
public interface IStagedArtifact : IAsyncDisposable
{
    string Sha256 { get; }

    long SizeBytes { get; }

    /// <summary>The bytes, read back from the temporary file (for inspection, which needs the whole model).</summary>
    Task<byte[]> ReadAll(CancellationToken cancellationToken = default);

    /// <summary>Flushes the bytes to disk and publishes them atomically under their SHA-256; idempotent.</summary>
    Task<ArtifactRef> Commit(CancellationToken cancellationToken = default);
}
