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

    /// <summary>Authenticates every request: a cached API key without the framework's per-request machinery (see <see cref="GatewayAuthentication"/>).</summary>
    public static IApplicationBuilder UseGatewayAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSet] = true;
        return app.UseMiddleware<GatewayAuthentication>();
    }

    /// <summary>
    /// Authorizes every request: the framework's policies where a route has them, then the routes'
    /// <see cref="RouteAccess"/> (see <see cref="RouteAuthorization"/>).
    /// </summary>
    public static IApplicationBuilder UseGatewayAuthorization(this IApplicationBuilder app)
    {
        app.Properties[AuthorizationMiddlewareSet] = true;
        return app.UseMiddleware<RouteAuthorization>();
    }

    // The keys UseAuthentication() and UseAuthorization() set: without them WebApplication would add the framework's
    // middleware a second time.
    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSet = "__AuthorizationMiddlewareSet";
}
