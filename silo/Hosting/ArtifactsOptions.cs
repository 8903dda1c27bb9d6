namespace Mle.Silo.Hosting;

/// <summary>Where model artifacts are kept (<c>Mle:Artifacts</c>).</summary>
public sealed class ArtifactsOptions
{
    public const string FileSystem = "FileSystem";
    public static readonly IReadOnlyList<string> Providers = [FileSystem];

    /// <summary>FileSystem: a local folder or a volume every silo mounts.</summary>
    public string Provider { get; set; } = FileSystem;

    /// <summary>The folder; empty means <c>{DataDirectory}/artifacts</c>. Relative paths are relative to the data directory.</summary>
    public string? Root { get; set; }

    internal void Validate(ICollection<string> failures, string section) =>
        ProviderChoice.Check(failures, $"{section}:Provider", Provider, Providers);
}
