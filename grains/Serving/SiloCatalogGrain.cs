using Mle.Naming;

namespace Mle.Serving;

/// <summary>This silo's door to its <see cref="IModelCatalog"/>; placed on the silo its key names.</summary>
[SiloKeyedPlacement, Reentrant]
public sealed class SiloCatalogGrain(IModelCatalog catalog) : Grain, ISiloCatalogGrain
{
    public Task Invalidate(ModelRef model)
    {
        catalog.Invalidate(model);
        return Task.CompletedTask;
    }
}
