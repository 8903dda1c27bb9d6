using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Mle.Errors;
using Mle.Notifications;

namespace Mle.Client;

/// <summary>
/// The out-of-process <see cref="INotificationsClient"/>: the silo's <c>/api/v1/notifications</c> WebSocket, one
/// connection per watch, authenticated with the client's key. Clients outside the cluster may not subscribe to the
/// cluster's streams (a stream id names any tenant), so the gateway subscribes for them, in the key's tenant.
/// </summary>
internal sealed class WebSocketNotifications(MleClientOptions options) : INotificationsClient
{
    /// <summary>The largest message the client accepts; the silo's are a few hundred bytes.</summary>
    private const int MaxMessageBytes = 64 * 1024;

    public async IAsyncEnumerable<Notification> WatchAsync(NotificationFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var socket = await Connect(filter ?? NotificationFilter.All, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes);
        try
        {
            while (true)
            {
                int length;
                try
                {
                    length = await ReceiveMessage(socket, buffer, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }
                catch (WebSocketException) when (socket.State != WebSocketState.Open)
                {
                    // The silo went away without a close handshake: the watch is over, as with one.
                    yield break;
                }
                if (length < 0)
                {
                    await CloseQuietly(socket);
                    yield break;
                }
                if (Parse(buffer.AsSpan(0, length)) is { } notification)
                {
                    yield return notification;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<ClientWebSocket> Connect(NotificationFilter filter, CancellationToken cancellationToken)
    {
        var http = options.HttpAddress ?? throw new InvalidOperationException(
            $"Watching notifications from outside the cluster needs {nameof(MleClientOptions)}.{nameof(MleClientOptions.HttpAddress)}, the silo's REST address.");
        var query = string.Join('&', filter.Kinds.Select(kind => "kind=" + Uri.EscapeDataString(kind))
            .Concat(filter.Name is { } name ? ["name=" + Uri.EscapeDataString(name)] : []));
        var address = new UriBuilder(new Uri(http, "/api/v1/notifications"))
        {
            Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Query = query,
        }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (options.ApiKey is { Length: > 0 } key)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        }
        try
        {
            await socket.ConnectAsync(address, cancellationToken);
            return socket;
        }
        catch (WebSocketException refused) when (socket.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw status switch
            {
                HttpStatusCode.Unauthorized => new UnauthenticatedException("The silo refused the notifications WebSocket: the API key is missing, unknown or revoked."),
                HttpStatusCode.Forbidden => new ForbiddenException("The API key's role may not read notifications."),
                _ => new InvalidRequestException(ErrorCodes.InvalidRequest, $"The silo refused the notifications filter: {refused.Message}", null),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One whole text message into <paramref name="buffer"/>: its length, or -1 when the silo closed the connection.</summary>
    private static async Task<int> ReceiveMessage(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                throw new WebSocketException(WebSocketError.InvalidMessageType, $"A notification message is larger than {MaxMessageBytes} bytes.");
            }
            var received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }
            length += received.Count;
            if (received.EndOfMessage)
            {
                return length;
            }
        }
    }

    /// <summary>A notification, or null for the silo's other messages (<c>subscribed</c>, <c>lagged</c>).</summary>
    private static Notification? Parse(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.GetProperty("type").GetString() != "notification")
        {
            return null;
        }
        return new Notification(
            root.GetProperty("sequence").GetInt64(),
            DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            root.GetProperty("kind").GetString()!,
            root.GetProperty("name").GetString()!,
            root.GetProperty("action").GetString()!,
            root.GetProperty("resource").GetString()!);
    }

    private static async Task CloseQuietly(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
    }
}
