using Mle.Schema;

namespace Mle.Registry;

/// <summary>One version of a model, everything a caller or a scoring worker needs to know about it.</summary>
[GenerateSerializer, Immutable]
public sealed record ModelVersionInfo(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Model,
    [property: Id(2)] int Version,
    [property: Id(3)] VersionStatus Status,
    [property: Id(4)] string? FailureReason,
    [property: Id(5)] ModelFlavor Flavor,
    [property: Id(6)] ArtifactRef? Artifact,
    [property: Id(7)] ModelSchema? Schema,
    [property: Id(8)] string? Description,
    [property: Id(9)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(10)] IReadOnlyDictionary<string, string> Tags,
    [property: Id(11)] Lineage Lineage,
    [property: Id(12)] bool Archived,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] IReadOnlyList<string> Aliases);
