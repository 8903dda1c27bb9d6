namespace Mle.Artifacts;

/// <summary>Where <see cref="FileSystemArtifactStore"/> keeps artifacts (<c>Mle:Artifacts</c>).</summary>
public sealed class FileSystemArtifactStoreOptions
{
    /// <summary>
    /// The root folder; artifacts live under <c>{Root}/sha256/{first two hex digits}/{hash}</c>, uploads in
    /// progress under <c>{Root}/incoming</c>.
    /// </summary>
    public string Root { get; set; } = "";

    /// <summary>
    /// A temporary file is swept only when no writer holds its lock and it is at least this old (default
    /// 10 minutes): the age covers the instant between creating a file and locking it, and file systems
    /// where locks are not shared between machines.
    /// </summary>
    public TimeSpan AbandonedWriteAge { get; set; } = TimeSpan.FromMinutes(10);
}
