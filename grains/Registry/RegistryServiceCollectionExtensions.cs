using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Mle.Configuration;
using Mle.Serving;
using Mle.Telemetry;

namespace Mle.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the per-silo model catalog (<see cref="IModelCatalog"/>, options <c>Mle:Serving</c>) and its
    /// push invalidation: the silo-keyed placement that puts one <see cref="SiloCatalogGrain"/> on each silo.
    /// Also the registration path (<see cref="VersionRegistrar"/>, bounded by <see cref="UploadSlots"/>).
    /// </summary>
    public static IServiceCollection AddMleRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>()
            .Bind(configuration.GetSection(CatalogOptions.Section))
            .Validate(o => o.MaxCachedVersions >= 1, $"{CatalogOptions.Section}:MaxCachedVersions must be at least 1.")
            .Validate(o => o.CatalogRefreshInterval > TimeSpan.Zero, $"{CatalogOptions.Section}:CatalogRefreshInterval must be positive.")
            .Validate(o => o.InvalidationTimeout > TimeSpan.Zero, $"{CatalogOptions.Section}:InvalidationTimeout must be positive.")
            .ValidateOnStart();
        services.AddMleLimitsOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IModelCatalog>(sp => new ModelCatalog(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<CatalogOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            MleTelemetry.CatalogRefreshes));
        services.AddSingleton<CatalogInvalidation>();
        services.TryAddSingleton<UploadSlots>();
        services.TryAddSingleton<VersionRegistrar>();
        services.AddHostedService<Artifacts.AbandonedUploadSweep>();
        services.AddPlacementDirector<SiloKeyedPlacement, SiloKeyedPlacementDirector>();
        return services;
    }
}
