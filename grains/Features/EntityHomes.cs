namespace Mle.Features;

/// <summary>
/// Which silo an entity most likely lives on, from its key alone: entity grains are placed by a hash of their id over
/// the cluster's active silos, sorted (Orleans' hash-based placement), and this computes the same over this silo's
/// view of the membership. It is a routing hint, never a promise: an entity activated before a silo joined or left
/// stays where it is, and views differ for a moment when the membership changes. Whoever acts on the hint (the home
/// silo's <see cref="FeatureSiloGrain"/>) reads in place only what is active there and calls the grain for the rest,
/// which the runtime routes to wherever the entity really is: a wrong hint costs a call, never a wrong answer.
/// </summary>
public sealed class EntityHomes(IClusterMembershipService membership, ILocalSiloDetails local)
{
    // One reference, replaced whole: lookups on many threads read it while one of them refreshes it.
    private Silos? _silos;

    /// <summary>This silo.</summary>
    public SiloAddress Here => local.SiloAddress;

    /// <summary>The silo <paramref name="entity"/> is placed on (its grain id), or null when it is this one.</summary>
    public SiloAddress? Elsewhere(GrainId entity)
    {
        var silos = ActiveSilos();
        if (silos.Length <= 1)
        {
            return null;
        }
        var home = silos[(int)(entity.GetUniformHashCode() & 0x7fffffff) % silos.Length];
        return home.Equals(local.SiloAddress) ? null : home;
    }

    private SiloAddress[] ActiveSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        if (_silos is { } cached && cached.Version == snapshot.Version)
        {
            return cached.Addresses;
        }
        var silos = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order().ToArray();
        _silos = new Silos(snapshot.Version, silos);
        return silos;
    }

    private sealed record Silos(MembershipVersion Version, SiloAddress[] Addresses);
}
