namespace Mle.Artifacts;

/// <summary>
/// What a store that can enumerate its artifacts offers the registry's collection of unreferenced artifacts
/// (<see cref="Registry.UnreferencedArtifactSweep"/>). The store knows ages; only the registry knows references.
/// </summary>
public interface IArtifactInventory
{
    /// <summary>The digests of every stored artifact last written (or stored again) before <paramref name="before"/>.</summary>
    IAsyncEnumerable<string> ArtifactsWrittenBefore(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes an artifact unless it was stored again since <paramref name="before"/>: a new upload of the same
    /// bytes refreshes the artifact's time before its version is recorded, and wins. Returns whether it deleted.
    /// </summary>
    Task<bool> DeleteIfWrittenBefore(string sha256, DateTimeOffset before, CancellationToken cancellationToken);
}
