namespace Mle.Silo.Audit;

/// <summary>
/// The endpoint metadata that makes <see cref="AuditMiddleware"/> record every call of a route:
/// <c>.Audited(AuditActions.ModelCreate)</c>, one line per mutating route. Its resource is the request path under
/// <c>/api/v1/</c>, or, when the route answers 201, the path of what it created (its <c>Location</c>).
/// </summary>
public sealed class AuditedRoute(string action)
{
    public string Action { get; } = action;
}

public static class AuditedRoutes
{
    /// <summary>Records every call of the route in the caller's tenant's audit log as <paramref name="action"/>.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedRoute(action));
}
