using Microsoft.Extensions.DependencyInjection.Extensions;
using Mle.Audit;

namespace Mle.Silo.Audit;

public static class AuditHostingExtensions
{
    /// <summary>The audit trail and its logs' settings (<c>Mle:Audit</c>).</summary>
    public static IServiceCollection AddMleAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMleAuditLog(configuration);
        services.TryAddSingleton<AuditTrail>();
        return services;
    }

    /// <summary>Records the calls of audited routes; goes after authentication and the key limits, before authorization.</summary>
    public static IApplicationBuilder UseMleAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();
}
