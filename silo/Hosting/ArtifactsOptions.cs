namespace Mle.Silo.Hosting;

/// <summary>Where model artifacts are kept (<c>Mle:Artifacts</c>).</summary>
public sealed class ArtifactsOptions
{
    public const string Section = "Mle:Artifacts";
    public const string FileSystem = "FileSystem";

    /// <summary>FileSystem: a local folder or a volume every silo mounts.</summary>
    public string Provider { get; set; } = FileSystem;

    /// <summary>The folder; empty means <c>{DataDirectory}/artifacts</c>. Relative paths are relative to the data directory.</summary>
    public string? Root { get; set; }

    /// <summary>
    /// true when every silo mounts the same volume at <see cref="Root"/> (default false). A multi-silo cluster refuses
    /// to start with a FileSystem store that is not declared shared: each silo would keep, and miss, its own artifacts.
    /// </summary>
    public bool Shared { get; set; }

    /// <summary>
    /// FileSystem: a temporary upload file no writer holds locked is deleted once it is this old (default 10 minutes);
    /// see <c>FileSystemArtifactStoreOptions.AbandonedWriteAge</c>. Also how often the store looks for them. Must be positive.
    /// </summary>
    public TimeSpan AbandonedWriteAge { get; set; } = TimeSpan.FromMinutes(10);

    // UnreferencedGracePeriod and UnreferencedSweepInterval, in this same section, belong to the registry
    // (Mle.Registry.ArtifactCollectionOptions), which decides which stored artifacts are still used.

    /// <summary>The artifact folder as an absolute path.</summary>
    public string RootPath(string dataPath) => string.IsNullOrWhiteSpace(Root)
        ? Path.Combine(dataPath, "artifacts")
        : Path.GetFullPath(Root, dataPath);
}
