namespace Mle.Registry;

/// <summary>
/// A content-addressed artifact: its SHA-256 (lower-case hex) and its size. The digest is the whole reference:
/// where the bytes live is the artifact store's business (it maps the digest to its own location), so no
/// server path ever reaches a caller of the registry or the SDK.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ArtifactRef(
    [property: Id(0)] string Sha256,
    // Id(1) was the store's file:// location; it is no longer written, and a stored value is ignored when read.
    [property: Id(2)] long SizeBytes);
