using Mle.Silo.Hosting.Backends;

namespace Mle.Silo.Hosting;

/// <summary>A membership backend <c>Mle:Clustering:Provider</c> can name, and the one builder call that plugs it in.</summary>
/// <param name="Name">The name in configuration.</param>
/// <param name="MultiSilo">Whether silos on other machines can join: then every backend they share must be shared too.</param>
/// <param name="Requires">Settings the provider cannot run without.</param>
/// <param name="Use">Plugs the provider into the silo.</param>
/// <param name="Reach">The servers it needs, checked before the silo starts (none for Localhost).</param>
internal sealed record ClusteringProvider(
    string Name,
    bool MultiSilo,
    IReadOnlyList<RequiredSetting<ClusteringOptions>> Requires,
    Action<ISiloBuilder, ClusteringOptions> Use,
    Func<ClusteringOptions, IEnumerable<BackendCheck>>? Reach = null);
