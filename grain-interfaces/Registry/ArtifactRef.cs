namespace Mle.Registry;

/// <summary>A content-addressed artifact: its SHA-256 (lower-case hex), where the store keeps it, and its size.</summary>
[GenerateSerializer, Immutable]
public sealed record ArtifactRef(
    [property: Id(0)] string Sha256,
    [property: Id(1)] string Uri,
    [property: Id(2)] long SizeBytes);
