using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Mle.Client;
using Mle.Errors;
using Mle.Notifications;
using Mle.Security;
using Mle.Silo.Security;
using Mle.Streams;

namespace Mle.Silo.Notifications;

/// <summary>
/// <c>GET /api/v1/notifications</c>: a WebSocket that pushes the caller's tenant's changes as they happen, from every
/// silo (they travel on the cluster's <c>notifications</c> stream). Authenticated like every route, with the Read
/// permission; key notifications only go to callers who manage keys. Messages: see <see cref="NotificationMessage"/>.
/// </summary>
public static partial class NotificationsApi
{
    public const string Path = "/api/v1/notifications";

    /// <summary>The WebSocket subprotocol the silo answers with, when the client offers it.</summary>
    public const string SubProtocol = "mle.notifications.v1";

    public static RouteHandlerBuilder MapNotificationsApi(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, Watch).WithName("WatchNotifications").WithTags("Notifications").RequirePermission(Permission.Read)
            .WithSummary("Watch the tenant's changes over a WebSocket (model versions, aliases, feature sets, pipelines, endpoints, keys).")
            .WithDescription("""
                A WebSocket (GET with Upgrade: websocket); a plain GET is 400. Filters: kind (repeated or comma-separated:
                model, alias, featureset, pipeline, endpoint, key, ...: the first word of the audited action, a version's
                being its model's) and name (the model, pipeline, endpoint or feature set). Credentials: the Authorization
                header; a browser, which cannot set it, offers the subprotocols "mle.notifications.v1" and
                "mle.bearer.<key>" instead (the silo answers with "mle.notifications.v1" only). Messages, JSON text:
                {"type":"subscribed","tenant","kinds","name"} first, then {"type":"notification","sequence","time","kind",
                "name","action","resource"} per change, and {"type":"lagged","dropped"} when a slow reader lost the oldest
                (Mle:Notifications:SendQueueCapacity). Pings every Mle:Notifications:KeepAliveInterval; the silo closes
                with 1001 (going away) when it stops. An open connection counts as one of the key's concurrent requests.
                """)
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task Watch(
        HttpContext http,
        [FromQuery] string[]? kind,
        [FromQuery] string? name,
        IOptions<NotificationsOptions> options,
        IServiceProvider services,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggers)
    {
        var caller = CallerClaims.Of(http.User) ?? throw MleErrors.Unauthenticated("This route needs credentials.");
        var filter = Filter(kind, name, options.Value);
        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw MleErrors.InvalidRequest($"{Path} is a WebSocket: connect with a WebSocket client (GET with Upgrade: websocket).");
        }
        var streams = services.GetRequiredKeyedService<IStreamProvider>(StreamNames.Provider);
        var seesKeys = caller.Can(Permission.ManageKeys);
        await using var subscription = await NotificationSubscription.StartAsync(
            streams, caller.Tenant, n => filter.Matches(n) && (seesKeys || n.Kind != NotificationKinds.Key),
            options.Value.SendQueueCapacity, http.RequestAborted);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol) ? SubProtocol : null,
            KeepAliveInterval = options.Value.KeepAliveInterval,
            KeepAliveTimeout = options.Value.KeepAliveTimeout,
        });
        var session = new NotificationSession(socket, subscription, loggers.CreateLogger<NotificationSession>());
        await session.Run(NotificationMessage.Subscribed(caller.Tenant, filter), lifetime.ApplicationStopping, http.RequestAborted);
    }

    /// <summary>The filter of <c>?kind=...&amp;name=...</c>, or a 400 naming what is wrong with it.</summary>
    public static NotificationFilter Filter(string[]? kinds, string? name, NotificationsOptions options)
    {
        var wanted = (kinds ?? []).SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count > options.MaxKinds)
        {
            throw MleErrors.InvalidRequest($"At most {options.MaxKinds} kinds (Mle:Notifications:MaxKinds); {wanted.Count} were given.", "kind");
        }
        if (wanted.FirstOrDefault(k => !KindPattern().IsMatch(k)) is { } bad)
        {
            throw MleErrors.InvalidRequest($"Kind '{Shown(bad)}' is not a kind: lower-case letters, at most 32 (model, alias, featureset, pipeline, endpoint, key, ...).", "kind");
        }
        if (name is not null && (name.Length is 0 or > 256 || name.Any(char.IsControl)))
        {
            throw MleErrors.InvalidRequest("The name must be 1 to 256 characters without control characters.", "name");
        }
        return new NotificationFilter(wanted, name);
    }

    private static string Shown(string text) => text.Length > 32 ? text[..32] + "..." : text;

    [GeneratedRegex("^[a-z]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();
}
