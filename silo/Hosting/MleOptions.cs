namespace Mle.Silo.Hosting;

/// <summary>
/// The root of the <c>Mle</c> section: where the embedded backends keep their files. Each backend has its own
/// section and options class (<see cref="ClusteringOptions"/>, <see cref="StorageOptions"/>, <see cref="StreamsOptions"/>,
/// <see cref="ArtifactsOptions"/>, <see cref="TelemetryOptions"/>), each checked on start by its own validator.
/// </summary>
public sealed class MleOptions
{
    public const string Section = "Mle";

    /// <summary>The root of everything the embedded backends persist; relative to the current directory.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The data directory as an absolute path (the current directory while the setting is empty, which the validator refuses).</summary>
    public string DataPath => Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? "." : DataDirectory);
}
