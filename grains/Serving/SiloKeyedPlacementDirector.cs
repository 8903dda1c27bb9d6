using Orleans.Runtime.Placement;

namespace Mle.Serving;

/// <summary>Chooses the silo named by the grain's key, and refuses silos that are not active members.</summary>
public sealed class SiloKeyedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key);
        }
        catch (FormatException error)
        {
            throw new InvalidOperationException($"Grain {target.GrainIdentity} is silo-keyed, but '{key}' is not a silo address.", error);
        }

        // Placing it anywhere else would create an activation that serves the wrong silo's catalog.
        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new InvalidOperationException($"Silo {key} is not an active member of the cluster; grain {target.GrainIdentity} cannot be placed there.");
    }
}
