using Mle.Artifacts;

namespace Mle.Silo.Hosting;

/// <summary>Every artifact store the silo can run on, by the name <c>Mle:Artifacts:Provider</c> gives it.</summary>
internal static class ArtifactStorage
{
    public static readonly IReadOnlyList<ArtifactStoreProvider> All =
    [
        new(ArtifactsOptions.FileSystem, SharedOnlyWhenDeclared: true, (services, options, dataPath) =>
        {
            services.AddOptions<FileSystemArtifactStoreOptions>().Configure(store =>
            {
                store.Root = options.RootPath(dataPath);
                store.AbandonedWriteAge = options.AbandonedWriteAge;
            });
            services.AddSingleton<FileSystemArtifactStore>();
            services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<FileSystemArtifactStore>());
            services.AddHostedService<AbandonedUploadSweep>();
        }),
    ];

    public static ArtifactStoreProvider? Find(string? name) =>
        All.FirstOrDefault(provider => string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The store <c>Mle:Artifacts:Provider</c> names (an unknown name fails the start, see <see cref="ArtifactsOptionsValidator"/>).</summary>
    public static IServiceCollection AddMleArtifactStore(this IServiceCollection services, ArtifactsOptions options, string dataPath)
    {
        Find(options.Provider)?.Add(services, options, dataPath);
        return services;
    }
}
