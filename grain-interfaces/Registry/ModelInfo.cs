namespace Mle.Registry;

/// <summary>A registered model: its description, tags, versions and aliases.</summary>
[GenerateSerializer, Immutable]
public sealed record ModelInfo(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] IReadOnlyDictionary<string, string> Tags,
    [property: Id(4)] IReadOnlyDictionary<string, int> Aliases,
    [property: Id(5)] int LatestVersion,
    [property: Id(6)] int VersionCount,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt);
