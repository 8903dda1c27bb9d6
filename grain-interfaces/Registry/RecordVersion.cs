using Mle.Schema;

namespace Mle.Registry;

/// <summary>
/// What the model grain records for a new version once the heavy work is done outside its turn: the artifact
/// is already stored (content-addressed) and inspected. The grain only validates the metadata, takes the
/// number and writes the version.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecordVersion(
    [property: Id(0)] ArtifactRef Artifact,
    [property: Id(1)] ModelFlavor Flavor,
    [property: Id(2)] ModelSchema Schema,
    [property: Id(3)] string? Description,
    [property: Id(4)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(5)] IReadOnlyDictionary<string, string> Tags,
    [property: Id(6)] Lineage Lineage,
    [property: Id(7)] string? IdempotencyKey);
