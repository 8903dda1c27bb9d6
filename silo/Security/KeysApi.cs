using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Mle.Audit;
using Mle.Errors;
using Mle.Naming;
using Mle.Security;
using Mle.Silo.Audit;

namespace Mle.Silo.Security;

/// <summary>
/// API keys over REST (<c>/api/v1/admin/keys</c>, admin role): created (the key is in the answer, and only
/// there), listed, revoked. A key belongs to the admin's tenant; admins of the bootstrap tenant
/// (<c>Mle:Security:BootstrapTenant</c>) may name another one with <c>tenant</c>.
/// </summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/keys").WithTags("Security").RequirePermission(Permission.ManageKeys);
        api.MapPost("/", CreateKey).WithName("CreateApiKey").Audited(AuditActions.KeyCreate)
            .WithSummary("Create an API key bound to one tenant and one role; the answer is the only place the key appears.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListKeys).WithName("ListApiKeys").WithSummary("List a tenant's API keys (never their secrets).");
        api.MapDelete("/{id}", RevokeKey).WithName("RevokeApiKey").Audited(AuditActions.KeyRevoke)
            .WithSummary("Revoke an API key: it stops authenticating at once on this silo, within Mle:Security:KeyCacheTtl on the others.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Created<CreatedApiKeyResponse>> CreateKey(CreateApiKeyBody body, HttpContext http, IGrainFactory grains, IOptions<SecurityOptions> security)
    {
        var caller = Caller(http);
        var tenant = Tenant(caller, body.Tenant, security.Value);
        if (!Roles.TryParse(body.Role, out var role))
        {
            throw MleErrors.InvalidRequest($"role must be one of {string.Join(", ", Roles.All.Select(Roles.Name))}.", "role");
        }
        var name = body.Name is null ? "" : Names.Require("key name", body.Name);
        var token = ApiKeyToken.Generate();
        var key = await grains.GetGrain<IApiKeyGrain>(token.Id)
            .Create(new ApiKeyGrant(tenant, role.Value, name, token.SecretHash, caller.Subject)).WaitAsync(http.RequestAborted);
        return TypedResults.Created($"/api/v1/admin/keys/{key.Id}", new CreatedApiKeyResponse(token.ToString(), ApiKeyResponse.From(key)));
    }

    public static async Task<Ok<ApiKeyResponse[]>> ListKeys(string? tenant, HttpContext http, IGrainFactory grains, IOptions<SecurityOptions> security)
    {
        var owner = Tenant(Caller(http), tenant, security.Value);
        var ids = await grains.GetGrain<IApiKeyDirectoryGrain>(owner).List().WaitAsync(http.RequestAborted);
        var keys = await Task.WhenAll(ids.Select(id => grains.GetGrain<IApiKeyGrain>(id).Get())).WaitAsync(http.RequestAborted);
        return TypedResults.Ok(keys.OfType<ApiKeyInfo>().Where(k => k.Tenant == owner).Select(ApiKeyResponse.From).ToArray());
    }

    public static async Task<Ok<ApiKeyResponse>> RevokeKey(string id, string? tenant, HttpContext http, IGrainFactory grains,
        IOptions<SecurityOptions> security, ApiKeyValidator validator)
    {
        var owner = Tenant(Caller(http), tenant, security.Value);
        var key = grains.GetGrain<IApiKeyGrain>(id);
        // Another tenant's key is "not found", exactly like a key that does not exist.
        if (!ApiKeyToken.IsId(id) || await key.Get().WaitAsync(http.RequestAborted) is not { } known || known.Tenant != owner)
        {
            throw MleErrors.ApiKeyNotFound(id);
        }
        var revoked = await key.Revoke().WaitAsync(http.RequestAborted);
        validator.Forget(id);
        return TypedResults.Ok(ApiKeyResponse.From(revoked));
    }

    private static Caller Caller(HttpContext http) =>
        CallerClaims.Of(http.User) ?? throw MleErrors.Unauthenticated("This route needs credentials.");

    /// <summary>The caller's own tenant, or the named one for an admin of the bootstrap tenant.</summary>
    private static string Tenant(Caller caller, string? named, SecurityOptions security)
    {
        if (named is null || named == caller.Tenant)
        {
            return caller.Tenant;
        }
        Names.Require("tenant", named);
        return caller.Tenant == security.BootstrapTenant
            ? named
            : throw MleErrors.Forbidden(Roles.Name(caller.Role), $"managing the keys of another tenant (only admins of '{security.BootstrapTenant}' may)");
    }
}
