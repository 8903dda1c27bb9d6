namespace Mle.Silo.Audit;

/// <summary>
/// The endpoint metadata that makes <see cref="AuditMiddleware"/> record every call of a route:
/// <c>.Audited(AuditActions.ModelCreate)</c>, one line per mutating route. Its resource is <see cref="Resource"/> with
/// route values filled in (<c>models/{name}/versions/{version}</c>), else the request path under <c>/api/v1/</c>; when
/// the route answers 201, the path of what it created (its <c>Location</c>).
/// </summary>
public sealed class AuditedRoute(string action, string? resource = null)
{
    public string Action { get; } = action;

    public string? Resource { get; } = resource;
}

public static class AuditedRoutes
{
    /// <summary>
    /// Records every call of the route in the caller's tenant's audit log as <paramref name="action"/> on
    /// <paramref name="resource"/> (a template of route values; the request path when null).
    /// </summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, string? resource = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedRoute(action, resource));
}
