using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Mle.Scoring;

public static class ScoringServiceCollectionExtensions
{
    /// <summary>Registers the per-silo model cache, artifact inspection and the scoring engines.</summary>
    public static IServiceCollection AddMleScoring(this IServiceCollection services, IConfiguration configuration)
    {
        // Filled in by the scoring work (issue 2).
        return services;
    }
}
