using Microsoft.AspNetCore.Authorization;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>A route's need, checked against the caller's role by <see cref="Roles.Allows"/> before the route runs.</summary>
internal sealed class PermissionRequirement(Permission permission) : AuthorizationHandler<PermissionRequirement>, IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;

    private const string PolicyPrefix = "mle:";

    public static string Policy(Permission permission) => PolicyPrefix + permission;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (CallerClaims.Of(context.User) is { } caller && caller.Can(requirement.Permission))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
