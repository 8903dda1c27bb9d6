using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Orleans.Configuration;

namespace Mle.Features;

public static class FeaturesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the feature mart: its settings (<c>Mle:Features</c>, validated on start), the per-silo definition
    /// cache, the silo's <see cref="ActiveEntities"/> (kept active while read in place by <see cref="ActiveEntityKeepAlive"/>),
    /// the <see cref="FeatureMart"/> path with its <see cref="EntityHomes"/> and <see cref="FeatureCallCounts"/>, and the idle
    /// deactivation of entity grains. The grains' state
    /// lives under the storage names <c>registry</c> (definitions) and <c>features</c> (entities).
    /// </summary>
    public static IServiceCollection AddMleFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMleLimitsOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FeaturesOptions>().Bind(configuration.GetSection(FeaturesOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeaturesOptions>, FeaturesOptionsValidator>());
        services.TryAddSingleton<FeatureSetCatalog>();
        services.TryAddSingleton<ActiveEntities>();
        services.TryAddSingleton<EntityHomes>();
        services.TryAddSingleton<FeatureCallCounts>();
        services.TryAddSingleton<ActiveEntityKeepAlive>();
        services.AddHostedService(sp => sp.GetRequiredService<ActiveEntityKeepAlive>());
        services.TryAddSingleton<FeatureMart>();
        services.TryAddSingleton<TrainingSets.TrainingSets>();
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<FeaturesOptions>>((collection, features) =>
        {
            var idle = features.Value.IdleDeactivation;
            collection.ClassSpecificCollectionAge[typeof(FeatureEntityGrain).FullName!] = idle;
            // Orleans refuses to start when an age limit is not above the collection quantum (default one minute), so an
            // idle timeout of a minute or less also makes idle grains be looked for more often.
            if (collection.CollectionQuantum >= idle)
            {
                collection.CollectionQuantum = idle / 2;
            }
        });
        return services;
    }
}
