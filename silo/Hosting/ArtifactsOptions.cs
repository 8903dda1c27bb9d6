namespace Mle.Silo.Hosting;

/// <summary>Where model artifacts are kept (<c>Mle:Artifacts</c>).</summary>
public sealed class ArtifactsOptions
{
    public const string Section = "Mle:Artifacts";
    public const string FileSystem = "FileSystem";
    public const string AzureBlob = "AzureBlob";

    /// <summary>FileSystem (a local folder or a volume every silo mounts) or AzureBlob (a container every silo reaches).</summary>
    public string Provider { get; set; } = FileSystem;

    /// <summary>AzureBlob: the Azure Storage connection string; required by that provider.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>AzureBlob: the container (3-63 lower-case letters, digits and single hyphens), created if missing. Default <c>artifacts</c>.</summary>
    public string Container { get; set; } = "artifacts";

    /// <summary>The folder; empty means <c>{DataDirectory}/artifacts</c>. Relative paths are relative to the data directory.</summary>
    public string? Root { get; set; }

    /// <summary>
    /// true when every silo mounts the same volume at <see cref="Root"/> (default false). A multi-silo cluster refuses
    /// to start with a FileSystem store that is not declared shared: each silo would keep, and miss, its own artifacts.
    /// </summary>
    public bool Shared { get; set; }

    /// <summary>
    /// A temporary upload file no writer holds locked is deleted once it is this old (default 10 minutes): FileSystem's
    /// files under the root, AzureBlob's staging files (see <c>FileSystemArtifactStoreOptions.AbandonedWriteAge</c>,
    /// <c>AzureBlobArtifactStoreOptions.AbandonedUploadAge</c>). Also how often the store looks for them. Must be positive.
    /// </summary>
    public TimeSpan AbandonedWriteAge { get; set; } = TimeSpan.FromMinutes(10);

    // UnreferencedGracePeriod and UnreferencedSweepInterval, in this same section, belong to the registry
    // (Mle.Registry.ArtifactCollectionOptions), which decides which stored artifacts are still used.

    /// <summary>AzureBlob: where an upload waits, hashed, until it is complete: <c>{DataDirectory}/staging</c>.</summary>
    public static string StagingPath(string dataPath) => Path.Combine(dataPath, "staging");

    /// <summary>The artifact folder as an absolute path.</summary>
    public string RootPath(string dataPath) => string.IsNullOrWhiteSpace(Root)
        ? Path.Combine(dataPath, "artifacts")
        : Path.GetFullPath(Root, dataPath);
}
