using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Configuration;

namespace Mle.Scoring;

public static class ScoringServiceCollectionExtensions
{
    /// <summary>Registers the per-silo model cache, artifact inspection, the scoring engines and <see cref="VersionScorer"/>.</summary>
    public static IServiceCollection AddMleScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScoringOptions>().Bind(configuration.GetSection(ScoringOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoringOptions>, ScoringOptionsValidator>());

        services.AddMleLimitsOptions(configuration);

        services.TryAddSingleton<IArtifactInspector, ArtifactInspector>();
        services.TryAddSingleton<LoadedModelCache>();
        services.TryAddSingleton<SchemaValidator>();
        services.TryAddSingleton<VersionScorer>();
        return services;
    }
}
