namespace Mle.Audit;

/// <summary>
/// A tenant's audit log (key: the tenant): append-only, in bounded segments that are sealed when full and dropped
/// once older than the retention (<c>Mle:Audit</c>). Internal to the cluster: clients query it through the gateway
/// (<c>GET /api/v1/admin/audit</c>), and entries are written by the silo's one audit trail, never by hand.
/// </summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends <paramref name="entry"/> durably and returns its sequence number (the entry's own is ignored). An entry
    /// of outcome <see cref="AuditOutcome.Unknown"/> is an attempt about to run; <see cref="Complete"/> ends it.
    /// </summary>
    Task<long> Record(AuditEntry entry);

    /// <summary>Records how the attempt <paramref name="sequence"/> ended (once; a repeat is ignored) and returns the entry.</summary>
    Task<AuditEntry> Complete(long sequence, AuditCompletion completion);

    /// <summary>Entries matching <paramref name="query"/>, newest first, one page at a time.</summary>
    Task<AuditPage> Query(AuditQuery query);
}
