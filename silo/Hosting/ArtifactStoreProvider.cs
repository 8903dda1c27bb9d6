using Mle.Silo.Hosting.Backends;

namespace Mle.Silo.Hosting;

/// <summary>An artifact store <c>Mle:Artifacts:Provider</c> can name, and the one call that registers it.</summary>
/// <param name="Name">The name in configuration.</param>
/// <param name="SharedOnlyWhenDeclared">Whether other silos see its artifacts only if <c>Mle:Artifacts:Shared</c> says the folder is a shared volume.</param>
/// <param name="Add">Registers the store (services, options, data path).</param>
/// <param name="Requires">Settings the store cannot run without.</param>
/// <param name="Reach">The servers it needs, checked before the silo starts (none for FileSystem).</param>
internal sealed record ArtifactStoreProvider(
    string Name,
    bool SharedOnlyWhenDeclared,
    Action<IServiceCollection, ArtifactsOptions, string> Add,
    IReadOnlyList<RequiredSetting<ArtifactsOptions>>? Requires = null,
    Func<ArtifactsOptions, IEnumerable<BackendCheck>>? Reach = null);
