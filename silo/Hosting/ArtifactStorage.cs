using Mle.Artifacts;
using Mle.Silo.Hosting.Backends;

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
            services.AddSingleton<IAbandonedUploads>(sp => sp.GetRequiredService<FileSystemArtifactStore>());
            services.AddHostedService<AbandonedUploadSweep>();
        }),
        new(ArtifactsOptions.AzureBlob, SharedOnlyWhenDeclared: false, (services, options, dataPath) =>
        {
            services.AddOptions<AzureBlobArtifactStoreOptions>().Configure(store =>
            {
                store.ConnectionString = options.ConnectionString!;
                store.Container = options.Container;
                store.StagingDirectory = ArtifactsOptions.StagingPath(dataPath);
                store.AbandonedUploadAge = options.AbandonedWriteAge;
            });
            services.AddSingleton<AzureBlobArtifactStore>();
            services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<AzureBlobArtifactStore>());
            services.AddSingleton<IAbandonedUploads>(sp => sp.GetRequiredService<AzureBlobArtifactStore>());
            services.AddHostedService<AbandonedUploadSweep>();
        },
        [new(nameof(ArtifactsOptions.ConnectionString), o => o.ConnectionString)],
        options => [BackendReach.AzureBlobs($"{ArtifactsOptions.Section}:{nameof(ArtifactsOptions.ConnectionString)}", options.ConnectionString!)]),
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
