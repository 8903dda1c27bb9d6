using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Notifications;

/// <summary>A real WebSocket client (<see cref="ClientWebSocket"/>) of a silo's <c>/api/v1/notifications</c>, reading one JSON message at a time.</summary>
internal sealed class NotificationSocket : IAsyncDisposable
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private NotificationSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>Connects with <paramref name="key"/> (in the Authorization header) and reads the <c>subscribed</c> message.</summary>
    public static async Task<NotificationSocket> Connect(TestSilo silo, string? key, string query = "", Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (key is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        }
        configure?.Invoke(socket.Options);
        var address = new UriBuilder(silo.BaseAddress) { Scheme = "ws", Path = "/api/v1/notifications", Query = query }.Uri;
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            await socket.ConnectAsync(address, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var connected = new NotificationSocket(socket);
        var subscribed = await connected.Next();
        Assert.Equal("subscribed", (string?)subscribed["type"]);
        return connected;
    }

    /// <summary>The HTTP status a refused connection attempt got.</summary>
    public static async Task<int> Refusal(TestSilo silo, string? key, string query = "")
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (key is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        }
        var address = new UriBuilder(silo.BaseAddress) { Scheme = "ws", Path = "/api/v1/notifications", Query = query }.Uri;
        using var timeout = new CancellationTokenSource(ReadTimeout);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(address, timeout.Token));
        return (int)socket.HttpStatusCode;
    }

    /// <summary>The next message, within <see cref="ReadTimeout"/>.</summary>
    public async Task<JsonObject> Next()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var received = await Socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
            length += received.Count;
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!.AsObject();
            }
        }
    }

    /// <summary>The next notification message, skipping none: anything else first fails.</summary>
    public async Task<JsonObject> NextNotification()
    {
        var message = await Next();
        Assert.Equal("notification", (string?)message["type"]);
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }
        Socket.Dispose();
    }
}
