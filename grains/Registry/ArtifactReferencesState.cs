namespace Mle.Registry;

/// <summary>The persisted state of <see cref="ArtifactReferencesGrain"/>.</summary>
[GenerateSerializer]
public sealed class ArtifactReferencesState
{
    /// <summary>The keys (<c>tenant/model/7</c>) of the versions that use the artifact.</summary>
    [Id(0)] public HashSet<string> Versions { get; set; } = [];

    /// <summary>When a registration last announced it would store these bytes.</summary>
    [Id(1)] public DateTimeOffset LastClaimedAt { get; set; }

    /// <summary>The artifact was stored before references were kept: versions the record does not name may use it.</summary>
    [Id(2)] public bool KeptForGood { get; set; }
}
