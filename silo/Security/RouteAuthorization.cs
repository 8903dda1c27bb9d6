using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Mle.Silo.Security;

/// <summary>
/// Enforces <see cref="RouteAccess"/> after authentication and before the route runs: 401 without an authenticated
/// caller, 403 when the caller's role lacks the route's permission, through the same
/// <see cref="IAuthorizationMiddlewareResultHandler"/> (and so the same challenge and forbid responses) that an
/// authorization policy's failure goes through. Why not a policy per route: the authorization middleware evaluates a
/// policy through <see cref="IAuthorizationService"/> on every request (a handler context, the handlers, logging and
/// metrics), which measured as much CPU per scoring request as the route's own work; this check is a metadata lookup
/// and a table lookup of the role. Routes with <c>AllowAnonymous</c> are not checked, as with policies.
/// </summary>
internal sealed class RouteAuthorization(RequestDelegate next, IAuthorizationMiddlewareResultHandler results)
{
    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var needs = metadata?.GetOrderedMetadata<RouteAccess>();
        if (needs is null || needs.Count == 0 || metadata!.GetMetadata<IAllowAnonymous>() is not null)
        {
            return next(context);
        }
        var user = context.User;
        var caller = IsAuthenticated(user) ? CallerClaims.Of(user) : null;
        if (caller is null)
        {
            return results.HandleAsync(next, context, needs[0].Policy, PolicyAuthorizationResult.Challenge());
        }
        foreach (var need in needs)
        {
            if (need.Permission is { } permission && !caller.Can(permission))
            {
                return results.HandleAsync(next, context, need.Policy,
                    PolicyAuthorizationResult.Forbid(AuthorizationFailure.Failed(need.Policy.Requirements)));
            }
        }
        return next(context);
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
