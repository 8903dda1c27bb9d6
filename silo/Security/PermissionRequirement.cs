using Microsoft.AspNetCore.Authorization;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>A route's need, checked against the caller's role by <see cref="Roles.Allows"/> before the route runs.</summary>
internal sealed class PermissionRequirement(Permission permission) : AuthorizationHandler<PermissionRequirement>, IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;

    private const string PolicyPrefix = "mle:";

    public static string Policy(Permission permission) => PolicyPrefix + permission;

    /// <summary>The permission a <see cref="Policy"/> name stands for; null for any other policy.</summary>
    public static Permission? PermissionOf(string? policy) =>
        policy is not null && policy.StartsWith(PolicyPrefix, StringComparison.Ordinal)
            && Enum.TryParse<Permission>(policy.AsSpan(PolicyPrefix.Length), out var permission) && Enum.IsDefined(permission)
            ? permission
            : null;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (CallerClaims.Of(context.User) is { } caller && caller.Can(requirement.Permission))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
