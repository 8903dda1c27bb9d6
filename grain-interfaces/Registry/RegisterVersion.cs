namespace Mle.Registry;

/// <summary>
/// The request to add a version to a model through <see cref="IVersionRegistrarGrain"/> (the SDK's path).
/// <see cref="Flavor"/> is detected from the artifact when null. The artifact travels as one immutable message,
/// bounded by <c>Mle:Limits:MaxArtifactBytes</c>. <see cref="IdempotencyKey"/>, when set, makes a retry return
/// the version the first attempt registered instead of adding another.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RegisterVersion(
    [property: Id(0)] byte[] Artifact,
    [property: Id(1)] ModelFlavor? Flavor,
    [property: Id(2)] string? Description,
    [property: Id(3)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(4)] IReadOnlyDictionary<string, string> Tags,
    [property: Id(5)] Lineage Lineage,
    [property: Id(6)] string? IdempotencyKey = null);
