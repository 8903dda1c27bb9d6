using Mle.Audit;
using Mle.Errors;
using Mle.Security;
using Mle.Silo.Api.Errors;
using Mle.Silo.Security;

namespace Mle.Silo.Audit;

/// <summary>
/// Records every call of a route marked <see cref="AuditedRoute"/>, in the one place REST changes pass: after
/// authentication and the key limits, before authorization. A caller whose role lacks the route's permission is
/// recorded as refused (and authorization answers 403); any other call is recorded before the route runs (if that
/// fails, 503 <c>audit_unavailable</c> and the route does not run) and completed with its status afterwards.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditTrail trail)
{
    // Not async itself: most requests (scoring, reads) are not audited and pass through without a state machine.
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AuditedRoute>() is not { } route || CallerClaims.Of(context.User) is not { } caller)
        {
            return next(context);
        }
        return Audited(context, endpoint, route, caller);
    }

    private async Task Audited(HttpContext context, Endpoint endpoint, AuditedRoute route, Caller caller)
    {
        var request = context.Request;
        var resource = route.Resource is { } template ? AuditResource.OfRoute(template, request.RouteValues) : AuditResource.OfPath(request.Path.Value ?? "/");
        var draft = trail.Draft(caller, Credential(context), route.Action, resource, AuditEntry.Rest,
            context.Connection.RemoteIpAddress?.ToString(), request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null);
        if (!Permitted(endpoint, caller))
        {
            await trail.Refused(draft, AuditCompletions.Of(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden));
            await next(context);
            return;
        }

        var attempt = await trail.Begin(draft);
        try
        {
            await next(context);
        }
        catch (Exception failure)
        {
            await trail.Complete(attempt, AuditCompletions.Of(failure, context.RequestAborted.IsCancellationRequested));
            throw;
        }
        var response = context.Response;
        var status = response.StatusCode;
        var created = status == StatusCodes.Status201Created && response.Headers.Location.ToString() is { Length: > 0 } location
            ? AuditResource.OfPath(Uri.UnescapeDataString(location))
            : null;
        await trail.Complete(attempt, AuditCompletions.Of(status, status >= 400 ? ErrorStatus.CodeFor(status) : null, created));
    }

    /// <summary>Whether the caller's role has the permission the route needs (its <see cref="RouteAccess"/>).</summary>
    private static bool Permitted(Endpoint endpoint, Caller caller) =>
        endpoint.Metadata.GetMetadata<RouteAccess>()?.Permission is not { } permission || caller.Can(permission);

    private static string Credential(HttpContext context) => context.User.Identity?.AuthenticationType switch
    {
        ApiKeyAuthenticationHandler.SchemeName => "api_key",
        JwtCallers.Scheme => "jwt",
        var other => other ?? "none",
    };
}
