using Microsoft.Net.Http.Headers;

namespace Mle.Silo.Notifications;

/// <summary>
/// Lets a browser authenticate the notifications WebSocket: its WebSocket API cannot set an Authorization header,
/// so it offers the subprotocol <c>mle.bearer.&lt;key or token&gt;</c> beside <see cref="NotificationsApi.SubProtocol"/>,
/// and this moves the credential into the Authorization header before authentication runs. Only for WebSocket
/// requests to <see cref="NotificationsApi.Path"/> without an Authorization header; the credential is removed from
/// the offered subprotocols, and the answer names only <see cref="NotificationsApi.SubProtocol"/>, so it is never
/// echoed. Not a query parameter: URLs end up in logs and browser history, subprotocol headers do not.
/// </summary>
internal sealed class BrowserCredential(RequestDelegate next)
{
    public const string Prefix = "mle.bearer.";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Equals(NotificationsApi.Path, StringComparison.Ordinal) && request.Headers.Authorization.Count == 0
            && request.Headers.SecWebSocketProtocol.Count > 0)
        {
            var offered = request.Headers.SecWebSocketProtocol.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (offered.FirstOrDefault(p => p.StartsWith(Prefix, StringComparison.Ordinal)) is { } credential)
            {
                request.Headers.Authorization = "Bearer " + credential[Prefix.Length..];
                request.Headers[HeaderNames.SecWebSocketProtocol] = string.Join(", ", offered.Where(p => !p.StartsWith(Prefix, StringComparison.Ordinal)));
            }
        }
        return next(context);
    }
}
