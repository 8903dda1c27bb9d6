namespace Mle.Registry;

/// <summary>
/// When the registry collects stored artifacts that no version references (<c>Mle:Artifacts</c>, see
/// <see cref="UnreferencedArtifactSweep"/>).
/// </summary>
public sealed class ArtifactCollectionOptions
{
    public const string Section = "Mle:Artifacts";

    /// <summary>
    /// An artifact is collected only once it has been unreferenced, unclaimed and unwritten for at least this long
    /// (default 1 hour): longer than any registration takes between storing its bytes and recording its version.
    /// Must be positive.
    /// </summary>
    public TimeSpan UnreferencedGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each silo looks for unreferenced artifacts (default 10 minutes). Must be positive.</summary>
    public TimeSpan UnreferencedSweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
