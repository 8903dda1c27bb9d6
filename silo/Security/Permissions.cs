using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>How a route says what it needs: <c>.RequirePermission(Permission.Deploy)</c>.</summary>
public static class Permissions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PermissionRequirement.Policy(permission));
}
