namespace Mle.Registry;

/// <summary>What a model grain remembers about one of its versions; the details live in the version grain.</summary>
[GenerateSerializer]
public sealed class VersionEntry
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public VersionStatus Status { get; set; }
    [Id(2)] public string? FailureReason { get; set; }
    [Id(3)] public ModelFlavor Flavor { get; set; }
    [Id(4)] public bool Archived { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The artifact's SHA-256; null for versions reserved before it was kept.</summary>
    [Id(6)] public string? Sha256 { get; set; }
}
