using Mle.Silo.Hosting.Backends;

namespace Mle.Silo.Hosting;

/// <summary>A backend of the <c>mle</c> stream provider <c>Mle:Streams:Provider</c> can name, and the one builder call that plugs it in.</summary>
/// <param name="Name">The name in configuration.</param>
/// <param name="Requires">Settings the provider cannot run without.</param>
/// <param name="Add">Plugs the provider into the silo.</param>
/// <param name="Reach">The servers it needs, checked before the silo starts (none for Memory).</param>
internal sealed record StreamProvider(
    string Name,
    IReadOnlyList<RequiredSetting<StreamsOptions>> Requires,
    Action<ISiloBuilder, StreamsOptions> Add,
    Func<StreamsOptions, IEnumerable<BackendCheck>>? Reach = null);
