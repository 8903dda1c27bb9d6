using Mle.Streams;

namespace Mle.Audit;

/// <summary>
/// Where completed audit entries are pushed: the <see cref="StreamNames.Notifications"/> namespace of the
/// <see cref="StreamNames.Provider"/> provider, stream <c>{tenant}/audit</c>, one <see cref="AuditEntry"/> per event.
/// </summary>
public static class AuditNotifications
{
    public static string StreamKey(string tenant) => $"{tenant}/audit";
}
