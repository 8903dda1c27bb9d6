using Mle.Registry;

namespace Mle.Serving;

/// <summary>This silo's door to its <see cref="IModelCatalog"/>; placed on the silo its key names.</summary>
[SiloKeyedPlacement, Reentrant]
public sealed class SiloCatalogGrain(IModelCatalog catalog) : Grain, ISiloCatalogGrain
{
    public Task Apply(ServingSnapshot snapshot)
    {
        catalog.Apply(snapshot);
        return Task.CompletedTask;
    }
}
