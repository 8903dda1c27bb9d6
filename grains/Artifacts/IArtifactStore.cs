using Mle.Registry;

namespace Mle.Artifacts;

/// <summary>
/// Content-addressed storage for model artifacts (SHA-256). Writes are atomic and idempotent:
/// a reader never sees half an artifact, and storing the same bytes twice stores them once.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores <paramref name="content"/> under its SHA-256 and returns its reference (the digest is the address).</summary>
    Task<ArtifactRef> Put(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams <paramref name="content"/> into a temporary file of the store while hashing it, never holding it
    /// whole in memory. More than <paramref name="maxBytes"/> bytes throw <c>artifact_too_large</c> and leave nothing.
    /// </summary>
    Task<IStagedArtifact> Stage(Stream content, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored artifact for reading; throws <see cref="FileNotFoundException"/> when it is missing.</summary>
    Task<Stream> Open(ArtifactRef artifact, CancellationToken cancellationToken = default);

    Task<bool> Exists(string sha256, CancellationToken cancellationToken = default);
}
