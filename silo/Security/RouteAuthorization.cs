using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Mle.Silo.Security;

/// <summary>
/// The gateway's authorization middleware, in place of <c>UseAuthorization()</c>. Routes that carry ASP.NET Core
/// authorization metadata (the dashboard, <c>/metrics</c>, sign-in links: <c>RequireAuthorization(policy)</c>) go
/// through the framework's authorization middleware unchanged. Then <see cref="RouteAccess"/> is enforced: 401
/// without an authenticated caller, 403 when the caller's role lacks the route's permission, through the same
/// <see cref="IAuthorizationMiddlewareResultHandler"/> (and so the same challenge and forbid responses) that a policy's
/// failure goes through. Why not a policy per route: the framework evaluates a policy through
/// <see cref="IAuthorizationService"/> on every request (a handler context, the handlers, logging, metrics, and an
/// <c>HttpContext.Items</c> dictionary), which measured about as much CPU per scoring request as the route's own work;
/// this check is a metadata lookup and a table lookup of the role. Routes with <c>AllowAnonymous</c> are not checked,
/// as with policies. With a fallback policy configured, every request goes through the framework first.
/// </summary>
internal sealed class RouteAuthorization
{
    private readonly RequestDelegate _next;
    private readonly AuthorizationMiddleware _framework;
    private readonly IAuthorizationPolicyProvider _policies;
    private readonly IAuthorizationMiddlewareResultHandler _results;
    private bool? _fallbackPolicy;

    public RouteAuthorization(RequestDelegate next, IAuthorizationPolicyProvider policies, IAuthorizationMiddlewareResultHandler results, IServiceProvider services)
    {
        _next = next;
        _policies = policies;
        _results = results;
        _framework = ActivatorUtilities.CreateInstance<AuthorizationMiddleware>(services, (RequestDelegate)CheckRouteAccess);
    }

    // Not async once the fallback policy is known: a state machine per request for a lookup that answers at once.
    public Task InvokeAsync(HttpContext context) =>
        _fallbackPolicy is { } fallback ? Authorize(context, fallback) : FirstRequest(context);

    private async Task FirstRequest(HttpContext context)
    {
        _fallbackPolicy = await _policies.GetFallbackPolicyAsync() is not null;
        await Authorize(context, _fallbackPolicy.Value);
    }

    private Task Authorize(HttpContext context, bool fallbackPolicy)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (fallbackPolicy || metadata is null
            || metadata.GetMetadata<IAuthorizeData>() is not null
            || metadata.GetMetadata<AuthorizationPolicy>() is not null
            || metadata.GetMetadata<IAuthorizationRequirementData>() is not null)
        {
            return _framework.Invoke(context);
        }
        return CheckRouteAccess(context);
    }

    private Task CheckRouteAccess(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var needs = metadata?.GetOrderedMetadata<RouteAccess>();
        if (needs is null || needs.Count == 0 || metadata!.GetMetadata<IAllowAnonymous>() is not null)
        {
            return _next(context);
        }
        var user = context.User;
        // A CallerPrincipal is authenticated by construction (its identity has the scheme as authentication type).
        var caller = user is CallerPrincipal known ? known.Caller : IsAuthenticated(user) ? CallerClaims.Of(user) : null;
        if (caller is null)
        {
            return _results.HandleAsync(_next, context, needs[0].Policy, PolicyAuthorizationResult.Challenge());
        }
        for (var i = 0; i < needs.Count; i++)
        {
            var need = needs[i];
            if (need.Permission is { } permission && !caller.Can(permission))
            {
                return _results.HandleAsync(_next, context, need.Policy,
                    PolicyAuthorizationResult.Forbid(AuthorizationFailure.Failed(need.Policy.Requirements)));
            }
        }
        return _next(context);
    }

    // As the authorization's own "authenticated user" requirement: any identity of the principal is authenticated.
    private static bool IsAuthenticated(System.Security.Claims.ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated == true)
        {
            return true;
        }
        foreach (var identity in user.Identities)
        {
            if (identity.IsAuthenticated)
            {
                return true;
            }
        }
        return false;
    }
}
