using System.Runtime.CompilerServices;
using Orleans.Streams;
using Mle.Notifications;

namespace Mle.Client;

/// <summary>The co-hosted <see cref="INotificationsClient"/>: a subscription to the tenant's notifications stream, per watch.</summary>
internal sealed class StreamNotifications(Func<IStreamProvider> streams, MleClientOptions options) : INotificationsClient
{
    public async IAsyncEnumerable<Notification> WatchAsync(NotificationFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var wanted = filter ?? NotificationFilter.All;
        await using var subscription = await NotificationSubscription.StartAsync(streams(), options.Tenant, wanted.Matches, options.NotificationBufferSize, cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await subscription.Reader.WaitToReadAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            if (!more)
            {
                yield break;
            }
            while (subscription.Reader.TryRead(out var notification))
            {
                yield return notification;
            }
        }
    }
}
