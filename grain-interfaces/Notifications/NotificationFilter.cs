namespace Mle.Notifications;

/// <summary>
/// Which notifications a watcher wants: any of <see cref="Kinds"/> (all when empty) and, when set, only those whose
/// name is <see cref="Name"/> (<c>?kind=model&amp;kind=alias&amp;name=churn</c> over the WebSocket).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NotificationFilter(
    [property: Id(0)] IReadOnlyList<string> Kinds,
    [property: Id(1)] string? Name = null)
{
    /// <summary>Everything in the caller's tenant.</summary>
    public static NotificationFilter All { get; } = new([]);

    public bool Matches(Notification notification) =>
        (Kinds.Count == 0 || Kinds.Contains(notification.Kind, StringComparer.Ordinal))
        && (Name is null || string.Equals(Name, notification.Name, StringComparison.Ordinal));
}
