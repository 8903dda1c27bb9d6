using Microsoft.Extensions.Options;
using Mle.Silo.Hosting;

namespace Mle.Silo.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The notifications WebSocket's settings (<c>Mle:Notifications</c>).</summary>
    public static IServiceCollection AddMleNotifications(this IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedOptions<NotificationsOptions, NotificationsOptionsValidator>(configuration, NotificationsOptions.Section);

    /// <summary>WebSockets, and a browser's credential offered as a subprotocol; goes before authentication.</summary>
    public static IApplicationBuilder UseMleNotifications(this IApplicationBuilder app)
    {
        app.UseMiddleware<BrowserCredential>();
        // Keep-alive is set per connection, from the options, when it is accepted.
        return app.UseWebSockets();
    }
}
