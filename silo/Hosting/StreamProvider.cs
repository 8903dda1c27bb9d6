namespace Mle.Silo.Hosting;

/// <summary>A backend of the <c>mle</c> stream provider <c>Mle:Streams:Provider</c> can name, and the one builder call that plugs it in.</summary>
internal sealed record StreamProvider(
    string Name,
    IReadOnlyList<RequiredSetting<StreamsOptions>> Requires,
    Action<ISiloBuilder, StreamsOptions> Add);
