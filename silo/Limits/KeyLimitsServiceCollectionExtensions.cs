using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mle.Silo.Limits;

public static class KeyLimitsServiceCollectionExtensions
{
    /// <summary>The per-key request limits (<c>Mle:Limits:MaxConcurrentRequestsPerKey</c>, <c>MaxRequestsPerSecondPerKey</c>).</summary>
    public static IServiceCollection AddMleKeyLimits(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KeyRequestLimits>();
        return services;
    }

    /// <summary>Refuses a key's request over its limits; goes right after authentication.</summary>
    public static IApplicationBuilder UseMleKeyLimits(this IApplicationBuilder app) => app.UseMiddleware<KeyLimitsMiddleware>();
}
