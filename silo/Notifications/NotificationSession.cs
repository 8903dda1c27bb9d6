using System.Net.WebSockets;
using Mle.Client;
using Mle.Notifications;

namespace Mle.Silo.Notifications;

/// <summary>
/// One open notifications WebSocket: a <see cref="NotificationSubscription"/> in the caller's tenant, sent on as it
/// fills. The client sends nothing that matters (what it sends is read and discarded, which is how its close is seen);
/// the connection ends when the client closes it, its keep-alive fails, or the silo stops (close code 1001, going away,
/// so the client reconnects, to this silo or another).
/// </summary>
internal sealed partial class NotificationSession(WebSocket socket, NotificationSubscription subscription, ILogger logger)
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    public async Task Run(byte[] subscribed, CancellationToken siloStopping, CancellationToken aborted)
    {
        // The receive is never cancelled (that would abort the socket, and a going-away close could not be sent):
        // it ends with the client's close, or when the connection is aborted.
        var clientClosed = DiscardUntilClosed();
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(siloStopping, aborted);
        var sending = SendAll(subscribed, stopSending.Token);
        try
        {
            await Task.WhenAny(sending, clientClosed);
            await stopSending.CancelAsync();
            await sending;
            if (clientClosed.IsCompleted)
            {
                await Close(WebSocketCloseStatus.NormalClosure, null);
                return;
            }
            await Close(WebSocketCloseStatus.EndpointUnavailable, "The silo is shutting down.");
            await clientClosed.WaitAsync(CloseTimeout);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // The client went away without closing, or did not answer the close: nothing more to say to it.
            LogConnectionLost(logger, e.Message);
            socket.Abort();
        }
    }

    /// <summary>Sends <paramref name="subscribed"/>, then every notification until cancelled.</summary>
    private async Task SendAll(byte[] subscribed, CancellationToken cancellationToken)
    {
        try
        {
            await Send(subscribed, cancellationToken);
            var queue = subscription.Reader;
            while (await queue.WaitToReadAsync(cancellationToken))
            {
                while (queue.TryRead(out var notification))
                {
                    // What fell off the queue's front is reported before what follows it.
                    if (subscription.TakeDropped() is > 0 and var dropped)
                    {
                        await Send(NotificationMessage.Lagged(dropped), cancellationToken);
                    }
                    await Send(NotificationMessage.Of(notification), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session is ending.
        }
    }

    private Task Send(byte[] message, CancellationToken cancellationToken) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Completes when the client closes (or the connection ends otherwise); never throws.</summary>
    private async Task DiscardUntilClosed()
    {
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Aborted: the connection is gone.
        }
    }

    private async Task Close(WebSocketCloseStatus status, string? reason)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A notifications WebSocket ended without a close handshake: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string reason);
}
