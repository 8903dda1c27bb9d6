using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Mle.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>Registers the per-silo model catalog and its push invalidation.</summary>
    public static IServiceCollection AddMleRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        // Filled in by the registry work (issue 2).
        return services;
    }
}
