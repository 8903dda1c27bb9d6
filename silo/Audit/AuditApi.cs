using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Mle.Audit;
using Mle.Errors;
using Mle.Naming;
using Mle.Security;
using Mle.Silo.Security;

namespace Mle.Silo.Audit;

/// <summary>
/// The audit log over REST: <c>GET /api/v1/admin/audit</c>, admins only, their own tenant's log; installation admins
/// (admins of <c>Mle:Security:BootstrapTenant</c>) may name another with <c>tenant=</c>, which for anyone else is a
/// tenant that does not exist (404). The SDK has no admin client: audit is read over REST.
/// </summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/audit").WithTags("Audit").RequirePermission(Permission.ReadAudit);
        api.MapGet("/", Query).WithName("QueryAudit")
            .WithSummary("Audit entries, newest first, filtered by time (from inclusive, to exclusive, ISO 8601), actor, action and resource (and what is under it).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<AuditPageResponse>> Query(
        HttpContext http, IGrainFactory grains, IOptions<SecurityOptions> security,
        DateTimeOffset? from, DateTimeOffset? to, string? actor, string? action, string? resource, string? pageToken, int? pageSize, string? tenant)
    {
        var caller = CallerClaims.Of(http.User) ?? throw MleErrors.Unauthenticated("This route needs credentials.");
        var owner = Tenant(caller, tenant, security.Value);
        var size = pageSize ?? AuditQuery.DefaultPageSize;
        if (size is < 1 or > AuditQuery.MaxPageSize)
        {
            throw MleErrors.InvalidRequest($"pageSize must be between 1 and {AuditQuery.MaxPageSize}.", "pageSize");
        }
        var query = new AuditQuery(from, to, Empty(actor), Empty(action), Empty(resource)?.Trim('/'), size, Empty(pageToken));
        var page = await grains.GetGrain<IAuditLogGrain>(owner).Query(query).WaitAsync(http.RequestAborted);
        return TypedResults.Ok(new AuditPageResponse(page.Items, page.PageToken));
    }

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The caller's tenant, or the named one for an installation admin; another tenant is not found for anyone else.</summary>
    private static string Tenant(Caller caller, string? named, SecurityOptions security)
    {
        if (string.IsNullOrEmpty(named) || named == caller.Tenant)
        {
            return caller.Tenant;
        }
        Names.Require("tenant", named);
        return InstallationAdmin.Is(caller, security) ? named : throw MleErrors.TenantNotFound(named);
    }
}

/// <summary>One page of audit entries, newest first; pass <see cref="ContinuationToken"/> back as <c>pageToken</c> for the next.</summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditEntry> Items, string? ContinuationToken);
