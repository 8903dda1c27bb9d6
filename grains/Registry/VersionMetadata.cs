namespace Mle.Registry;

/// <summary>What an upload says about its version besides the bytes (validated by <see cref="MetadataRules"/>).</summary>
public sealed record VersionMetadata(
    ModelFlavor? Flavor,
    string? Description,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags,
    Lineage Lineage,
    string? IdempotencyKey);
