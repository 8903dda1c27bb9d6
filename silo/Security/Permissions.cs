using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>
/// How a route says what it needs: <c>.RequirePermission(Permission.Deploy)</c>, or <c>.RequireCaller()</c> for any
/// authenticated caller. Both are <see cref="RouteAccess"/> metadata that <see cref="RouteAuthorization"/> enforces.
/// </summary>
public static class Permissions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RouteAccess.For(permission));

    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RouteAccess.AnyCaller);

    /// <summary>Enforces the routes' <see cref="RouteAccess"/>: after authentication and authorization, before the endpoint.</summary>
    public static IApplicationBuilder UseRouteAuthorization(this IApplicationBuilder app) => app.UseMiddleware<RouteAuthorization>();
}
