using Mle.Notifications;

namespace Mle.Client;

/// <summary>
/// Changes in the client's tenant as they happen: model versions registered, aliases moved, feature sets defined,
/// pipelines and endpoints changed (<see cref="NotificationKinds"/>), from every silo of the cluster.
/// </summary>
public interface INotificationsClient
{
    /// <summary>
    /// The notifications <paramref name="filter"/> (all when null) accepts, from the moment the first one is asked
    /// for until <paramref name="cancellationToken"/> is cancelled or the silo goes away (the enumeration then ends).
    /// Co-hosted it reads the cluster's notifications stream directly; out of process it reads the silo's
    /// <c>/api/v1/notifications</c> WebSocket at <see cref="MleClientOptions.HttpAddress"/> with
    /// <see cref="MleClientOptions.ApiKey"/>, which needs the Read permission.
    /// </summary>
    /// <exception cref="InvalidOperationException">Out of process without <see cref="MleClientOptions.HttpAddress"/>.</exception>
    /// <exception cref="Errors.UnauthenticatedException">The key is missing, unknown or revoked.</exception>
    /// <exception cref="Errors.ForbiddenException">The key's role may not read.</exception>
    IAsyncEnumerable<Notification> WatchAsync(NotificationFilter? filter = null, CancellationToken cancellationToken = default);
}
