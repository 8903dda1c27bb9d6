using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// The registry's way into one silo's <see cref="IModelCatalog"/>. Keyed by the silo's address
/// (<c>SiloAddress.ToParsableString()</c>) and always activated on that silo, so a model grain can
/// reach every silo's catalog by enumerating the cluster's active members.
/// </summary>
public interface ISiloCatalogGrain : IGrainWithStringKey
{
    /// <summary>Installs a model's new snapshot in this silo's catalog (an older revision than it holds is ignored).</summary>
    Task Apply(ServingSnapshot snapshot);
}
