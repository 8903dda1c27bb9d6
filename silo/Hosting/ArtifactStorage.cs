using Mle.Artifacts;

namespace Mle.Silo.Hosting;

internal static class ArtifactStorage
{
    /// <summary>The artifact store <c>Mle:Artifacts:Provider</c> names; FileSystem is the only one so far.</summary>
    public static IServiceCollection AddMleArtifactStore(this IServiceCollection services, MleOptions options)
    {
        services.AddOptions<FileSystemArtifactStoreOptions>().Configure(store => store.Root = options.ArtifactsPath);
        services.AddSingleton<IArtifactStore, FileSystemArtifactStore>();
        return services;
    }
}
