namespace Mle.Artifacts;

/// <summary>Where <see cref="FileSystemArtifactStore"/> keeps artifacts (<c>Mle:Artifacts</c>).</summary>
public sealed class FileSystemArtifactStoreOptions
{
    /// <summary>The root folder; artifacts live under <c>{Root}/sha256/{first two hex digits}/{hash}</c>.</summary>
    public string Root { get; set; } = "";
}
