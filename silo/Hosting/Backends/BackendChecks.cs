namespace Mle.Silo.Hosting.Backends;

/// <summary>The servers the configured providers need, each named by its setting; none for the embedded defaults.</summary>
internal static class BackendChecks
{
    public static IReadOnlyList<BackendCheck> Of(HostSettings settings) =>
    [
        .. ClusteringProviders.Find(settings.Clustering.Provider)?.Reach?.Invoke(settings.Clustering) ?? [],
        .. StorageProviders.Find(settings.Storage.Provider)?.Reach?.Invoke(settings.Storage) ?? [],
        .. StreamProviders.Find(settings.Streams.Provider)?.Reach?.Invoke(settings.Streams) ?? [],
        .. ArtifactStorage.Find(settings.Artifacts.Provider)?.Reach?.Invoke(settings.Artifacts) ?? [],
    ];

    /// <summary>
    /// Registers <see cref="BackendGate"/>. Call before Orleans is added: hosted services start in registration order,
    /// and the gate must finish before the silo's start connects to anything.
    /// </summary>
    public static IServiceCollection AddMleBackendGate(this IServiceCollection services, HostSettings settings) =>
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<BackendGate>(
            provider, new Func<IReadOnlyList<BackendCheck>>(() => Of(settings))));
}
