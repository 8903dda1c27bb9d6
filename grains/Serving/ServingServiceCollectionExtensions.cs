using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Mle.Scoring;
using Mle.Telemetry;

namespace Mle.Serving;

public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the silo's serving read model and seam: the model catalog (<see cref="IModelCatalog"/>, options
    /// <c>Mle:Serving</c>), <see cref="IModelServing"/> (resolve and dispatch: inline in this silo unless
    /// <see cref="ServingOptions.InlineScoring"/> is off, which needs <c>AddMleScoring</c>), and the push of every model change
    /// to each silo's catalog (<see cref="CatalogUpdates"/> and the silo-keyed placement of
    /// <see cref="SiloCatalogGrain"/>).
    /// </summary>
    public static IServiceCollection AddMleServing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IModelCatalog>(sp => new ModelCatalog(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<CatalogOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            MleTelemetry.CatalogRefreshes));
        services.AddOptions<ServingOptions>().Bind(configuration.GetSection(ServingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IModelServing>(sp => new ModelServing(
            sp.GetRequiredService<IModelCatalog>(),
            sp.GetRequiredService<IOptions<ServingOptions>>().Value.InlineScoring
                ? new InlineScoringDispatch(sp.GetRequiredService<VersionScorer>())
                : new GrainScoringDispatch(sp.GetRequiredService<IGrainFactory>())));
        services.TryAddSingleton<SiloBroadcast>();
        services.AddSingleton<CatalogUpdates>();
        services.AddPlacementDirector<SiloKeyedPlacement, SiloKeyedPlacementDirector>();
        return services;
    }
}
