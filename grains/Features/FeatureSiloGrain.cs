using System.Diagnostics;
using Orleans.Runtime.Placement;

namespace Mle.Features;

/// <summary>
/// A silo's feature mart for the other silos (see <see cref="IFeatureSiloGrain"/>): reentrant, holding no state,
/// delegating to the silo's <see cref="FeatureMart"/> for its own entities only (in place when active here, else a grain
/// call), never routing further. Callers place it on the silo its key names (a placement hint); an activation that
/// ended up elsewhere (that silo was not yet active in the caller's view) still answers correctly, calling grains, and
/// deactivates once idle so that the next call places it right.
/// </summary>
[Reentrant]
public sealed class FeatureSiloGrain(FeatureMart mart, FeatureSetCatalog catalog, EntityHomes homes) : Grain, IFeatureSiloGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() != homes.Here.ToParsableString())
        {
            DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }

    public async Task<PushResult> Apply(string featureSet, int definitionVersion, IReadOnlyList<FeatureEvent> events)
    {
        var received = Stopwatch.GetTimestamp();
        // The hint placed this grain; the entities it calls are placed by their own strategy.
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        var definition = await catalog.Get(FeatureSetRef.ParseKey(featureSet), definitionVersion);
        return await mart.ApplyHere(definition, events, received);
    }

    public async Task<IReadOnlyList<FeatureRow>> Lookup(
        string featureSet, int definitionVersion, IReadOnlyList<string> entities, IReadOnlyList<string> features, DateTimeOffset at)
    {
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        var definition = await catalog.Get(FeatureSetRef.ParseKey(featureSet), definitionVersion);
        return await mart.LookupHere(definition, entities, features, at);
    }
}
