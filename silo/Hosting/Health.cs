using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Mle.Silo.Hosting;

/// <summary><c>/healthz/live</c>: the process answers. <c>/healthz/ready</c>: the silo is Active.</summary>
internal static class Health
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddMleHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapMleHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
