using Mle.Naming;

namespace Mle.Serving;

/// <summary>
/// The registry's way into one silo's <see cref="IModelCatalog"/>. Keyed by the silo's address
/// (<c>SiloAddress.ToParsableString()</c>) and always activated on that silo, so a model grain can
/// reach every silo's catalog by enumerating the cluster's active members.
/// </summary>
public interface ISiloCatalogGrain : IGrainWithStringKey
{
    /// <summary>Drops what this silo's catalog has cached for <paramref name="model"/>.</summary>
    Task Invalidate(ModelRef model);
}
