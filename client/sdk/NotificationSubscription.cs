using System.Threading.Channels;
using Orleans.Runtime;
using Orleans.Streams;
using Mle.Audit;
using Mle.Notifications;
using Mle.Streams;

namespace Mle.Client;

/// <summary>
/// A subscription, inside the cluster, to one tenant's notifications: the tenant's audit stream
/// (<see cref="AuditNotifications"/>), turned into <see cref="Notification"/>s and queued for a reader that may be
/// slower than the stream. The queue is bounded: when it is full the oldest notification goes, and
/// <see cref="TakeDropped"/> tells how many went. Only for code in a silo (the WebSocket endpoint, the co-hosted SDK):
/// clients outside the cluster may not subscribe to streams, and get notifications over the WebSocket.
/// </summary>
public sealed class NotificationSubscription : IAsyncDisposable
{
    private readonly Channel<Notification> _queue;
    private readonly Func<Notification, bool> _wanted;
    private StreamSubscriptionHandle<AuditEntry>? _handle;
    private long _dropped;

    private NotificationSubscription(int capacity, Func<Notification, bool> wanted)
    {
        _wanted = wanted;
        _queue = Channel.CreateBounded<Notification>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The notifications, oldest first.</summary>
    public ChannelReader<Notification> Reader => _queue.Reader;

    /// <summary>
    /// Subscribes to <paramref name="tenant"/>'s notifications that <paramref name="wanted"/> accepts, queuing at
    /// most <paramref name="capacity"/>. Returns once the subscription is in place: every change made after that is seen.
    /// </summary>
    public static async Task<NotificationSubscription> StartAsync(
        IStreamProvider streams, string tenant, Func<Notification, bool> wanted, int capacity, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new NotificationSubscription(capacity, wanted);
        var stream = streams.GetStream<AuditEntry>(StreamId.Create(StreamNames.Notifications, AuditNotifications.StreamKey(tenant)));
        subscription._handle = await stream.SubscribeAsync((entry, _) => subscription.Deliver(entry)).WaitAsync(cancellationToken);
        return subscription;
    }

    /// <summary>How many notifications were dropped since the last call, because the reader fell behind.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>Unsubscribes, and ends <see cref="Reader"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_handle is { } handle)
        {
            _handle = null;
            try
            {
                await handle.UnsubscribeAsync();
            }
            catch (Exception)
            {
                // The silo is stopping, or the stream's rendezvous is unreachable: the subscription dies with the client.
            }
        }
    }

    private Task Deliver(AuditEntry entry)
    {
        // Never waits for the reader: a full queue drops its oldest instead of holding up the stream.
        if (NotificationKinds.From(entry) is { } notification && _wanted(notification))
        {
            _queue.Writer.TryWrite(notification);
        }
        return Task.CompletedTask;
    }
}
