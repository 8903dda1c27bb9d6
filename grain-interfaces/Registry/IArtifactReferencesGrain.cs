namespace Mle.Registry;

/// <summary>
/// Which versions use one stored artifact (key: its SHA-256). The artifact store is content-addressed and shared by
/// every tenant and model, so the same bytes registered twice are one file: only the registry can tell whether any
/// version still needs it. The registration path claims the digest before it stores the bytes and adds the version
/// before recording it; a version whose record fails is removed again. The collection of unreferenced artifacts
/// asks this grain before it deletes anything.
/// </summary>
public interface IArtifactReferencesGrain : IGrainWithStringKey
{
    /// <summary>
    /// A registration is about to store these bytes: keeps the artifact for a grace period even with no version yet.
    /// </summary>
    /// <param name="alreadyStored">
    /// The bytes were in the store before this claim. With no record yet, they were stored before the registry kept
    /// references, by versions it cannot name, so the artifact is kept for good.
    /// </param>
    Task Claim(bool alreadyStored);

    /// <summary>Records that <paramref name="versionKey"/> (<c>tenant/model/7</c>) uses the artifact; idempotent.</summary>
    Task Add(string versionKey);

    /// <summary>Forgets <paramref name="versionKey"/> (its record failed); idempotent.</summary>
    Task Remove(string versionKey);

    /// <summary>
    /// True when the registry knows the artifact, no version uses it and it was last claimed before
    /// <paramref name="claimedBefore"/>. An artifact the registry never heard of (stored before references were
    /// kept) is never collectable: a leak is preferable to deleting what a version may use.
    /// </summary>
    Task<bool> IsCollectable(DateTimeOffset claimedBefore);

    /// <summary>Drops the record after the artifact was deleted, unless it was claimed or referenced again meanwhile.</summary>
    Task Forget(DateTimeOffset claimedBefore);
}
