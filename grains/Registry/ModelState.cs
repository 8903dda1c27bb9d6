namespace Mle.Registry;

/// <summary>The persisted state of one registered model (grain <see cref="ModelGrain"/>).</summary>
[GenerateSerializer]
public sealed class ModelState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string? Description { get; set; }
    [Id(2)] public Dictionary<string, string> Tags { get; set; } = [];
    [Id(3)] public Dictionary<string, int> Aliases { get; set; } = [];

    /// <summary>Every version ever reserved, in ascending order; none is ever removed.</summary>
    [Id(4)] public List<VersionEntry> Versions { get; set; } = [];

    /// <summary>The highest version number ever reserved, so numbers are never reused.</summary>
    [Id(5)] public int LastVersion { get; set; }

    [Id(6)] public long Revision { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The idempotency keys of recent version uploads, oldest first; bounded by <c>Mle:Limits:MaxIdempotencyKeys</c>
    /// and <c>Mle:Limits:IdempotencyKeyRetention</c>. Only uploads that became Ready are remembered.
    /// </summary>
    [Id(9)] public List<IdempotentUpload> IdempotentUploads { get; set; } = [];
}
