using Microsoft.Extensions.Options;
using Mle.Silo.Hosting;

namespace Mle.Silo.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The notifications WebSocket's settings (<c>Mle:Notifications</c>).</summary>
    public static IServiceCollection AddMleNotifications(this IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedOptions<NotificationsOptions, NotificationsOptionsValidator>(configuration, NotificationsOptions.Section);

    /// <summary>
    /// WebSockets, and a browser's credential offered as a subprotocol, for the notifications route alone; goes before
    /// authentication. Only there: the WebSocket middleware gives every request it sees a handshake feature, which the
    /// scoring routes, answering tens of thousands of requests a second, have no use for.
    /// </summary>
    public static IApplicationBuilder UseMleNotifications(this IApplicationBuilder app) =>
        app.UseWhen(IsNotificationsRequest, notifications =>
        {
            notifications.UseMiddleware<BrowserCredential>();
            // Keep-alive is set per connection, from the options, when it is accepted.
            notifications.UseWebSockets();
        });

    // As routing matches it: any case, with or without a trailing slash.
    private static bool IsNotificationsRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(NotificationsApi.Path, StringComparison.OrdinalIgnoreCase, out var rest) && rest.Value is null or "" or "/";
}
