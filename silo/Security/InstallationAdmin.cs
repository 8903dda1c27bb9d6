using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>
/// What sees across tenants (the dashboard, <c>/metrics</c>, sign-in links): an admin of the bootstrap tenant, or,
/// for <c>/metrics</c> alone, a scraper presenting <c>Mle:Security:MetricsKey</c>.
/// </summary>
internal sealed class InstallationAdmin(bool orScrapeKey, IOptions<SecurityOptions> security)
    : AuthorizationHandler<InstallationAdmin>, IAuthorizationRequirement
{
    public const string Policy = "mle:installation-admin";
    public const string MetricsPolicy = "mle:metrics";
    public const string DashboardPolicy = "mle:dashboard";

    public static bool Is(Caller caller, SecurityOptions security) =>
        caller.Role == Role.Admin && caller.Tenant == security.BootstrapTenant;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, InstallationAdmin requirement)
    {
        var options = security.Value;
        if (CallerClaims.Of(context.User) is { } caller && Is(caller, options))
        {
            context.Succeed(requirement);
        }
        else if (requirement.Scrapes(context.Resource as HttpContext, options))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    private bool Scrapes(HttpContext? http, SecurityOptions options)
    {
        if (!orScrapeKey || http is null || string.IsNullOrEmpty(options.MetricsKey))
        {
            return false;
        }
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith(ApiKeyAuthenticationHandler.BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && ApiKeyToken.HashesEqual(ApiKeyToken.Hash(header[ApiKeyAuthenticationHandler.BearerPrefix.Length..].Trim()), ApiKeyToken.Hash(options.MetricsKey));
    }
}
