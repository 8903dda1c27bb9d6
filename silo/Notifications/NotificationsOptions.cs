namespace Mle.Silo.Notifications;

/// <summary>The notifications WebSocket (<c>Mle:Notifications</c>).</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Mle:Notifications";

    /// <summary>
    /// The most notifications queued for one connection whose client reads slower than changes happen (256). When
    /// full, the oldest is dropped, and the client gets a <c>lagged</c> message with how many before the next one.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 256;

    /// <summary>How often the silo pings an idle connection (30 s), which keeps proxies from closing it.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the silo waits for the answer to a ping before it drops the connection (60 s): a client that is gone,
    /// or reads nothing at all, does not hold a connection and a subscription forever.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most kinds one connection may filter on (16); more is a 400.</summary>
    public int MaxKinds { get; set; } = 16;
}
