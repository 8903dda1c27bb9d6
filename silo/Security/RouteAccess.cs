using Microsoft.AspNetCore.Authorization;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>
/// What a gateway route needs, as endpoint metadata: an authenticated caller, and with <see cref="Permission"/> also
/// a role that allows it. <see cref="RouteAuthorization"/> checks it on every request against the caller that
/// authentication established; it is the precomputed equivalent of an authorization policy of
/// <see cref="PermissionRequirement"/>, whose <see cref="Policy"/> it hands to the result handler when it refuses.
/// </summary>
public sealed class RouteAccess
{
    private RouteAccess(Permission? permission)
    {
        Permission = permission;
        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser();
        if (permission is { } needed)
        {
            policy.AddRequirements(new PermissionRequirement(needed));
        }
        Policy = policy.Build();
    }

    /// <summary>Any authenticated caller.</summary>
    public static RouteAccess AnyCaller { get; } = new(null);

    private static readonly RouteAccess[] ByPermission = [.. Enum.GetValues<Permission>().Select(p => new RouteAccess(p))];

    public static RouteAccess For(Permission permission) => ByPermission.Single(access => access.Permission == permission);

    public Permission? Permission { get; }

    /// <summary>The same need as an authorization policy, for <see cref="IAuthorizationMiddlewareResultHandler"/>.</summary>
    internal AuthorizationPolicy Policy { get; }
}
