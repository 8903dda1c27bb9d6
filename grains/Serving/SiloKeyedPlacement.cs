namespace Mle.Serving;

/// <summary>
/// Places a grain on the silo whose address (<c>SiloAddress.ToParsableString()</c>) is its key,
/// so there is exactly one reachable activation per silo. See <see cref="SiloKeyedPlacementDirector"/>.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SiloKeyedPlacement : PlacementStrategy
{
    internal static readonly SiloKeyedPlacement Instance = new();
}
