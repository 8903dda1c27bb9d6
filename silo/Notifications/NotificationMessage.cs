using System.Text.Json;
using System.Text.Json.Serialization;
using Mle.Notifications;

namespace Mle.Silo.Notifications;

/// <summary>
/// What the notifications WebSocket sends, one JSON text message each, told apart by <c>type</c>:
/// <list type="bullet">
/// <item><c>{"type": "subscribed", "tenant": "acme", "kinds": ["model"], "name": null}</c>, first: from now on every change is seen;</item>
/// <item><c>{"type": "notification", "sequence": 12, "time": "2026-11-28T10:00:00+00:00", "kind": "model", "name": "churn",
/// "action": "version.register", "resource": "models/churn/versions/3"}</c>, one per change (<see cref="Notification"/>);</item>
/// <item><c>{"type": "lagged", "dropped": 40}</c>: the client read too slowly and that many notifications were dropped (the oldest).</item>
/// </list>
/// </summary>
internal static class NotificationMessage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static byte[] Subscribed(string tenant, NotificationFilter filter) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type = "subscribed", tenant, kinds = filter.Kinds, name = filter.Name }, Json);

    public static byte[] Of(Notification n) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type = "notification", n.Sequence, n.Time, n.Kind, n.Name, n.Action, n.Resource }, Json);

    public static byte[] Lagged(long dropped) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type = "lagged", dropped }, Json);
}
