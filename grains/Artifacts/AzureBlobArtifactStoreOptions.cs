namespace Mle.Artifacts;

/// <summary>Where <see cref="AzureBlobArtifactStore"/> keeps artifacts (<c>Mle:Artifacts</c>).</summary>
public sealed class AzureBlobArtifactStoreOptions
{
    /// <summary>The Azure Storage connection string of the account.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The container; artifacts are blobs named <c>sha256/{first two hex digits}/{hash}</c> in it. Created if missing.</summary>
    public string Container { get; set; } = "artifacts";

    /// <summary>The local folder where an upload is kept while it is hashed, before it goes to the container.</summary>
    public string StagingDirectory { get; set; } = "";

    /// <summary>
    /// A staging file no writer holds locked is deleted once it is this old (default 10 minutes); also how often the
    /// store looks for them. Only a killed silo leaves one behind.
    /// </summary>
    public TimeSpan AbandonedUploadAge { get; set; } = TimeSpan.FromMinutes(10);
}
