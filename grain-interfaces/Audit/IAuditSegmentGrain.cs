namespace Mle.Audit;

/// <summary>
/// One sealed segment of a tenant's audit log (key <c>{tenant}/{index}</c>): written once, when its log seals it,
/// then only read, completed (an attempt that was still running when its segment filled) or dropped whole.
/// </summary>
public interface IAuditSegmentGrain : IGrainWithStringKey
{
    Task Write(IReadOnlyList<AuditEntry> entries);

    Task<IReadOnlyList<AuditEntry>> Read();

    Task<AuditEntry?> Complete(long sequence, AuditCompletion completion);

    /// <summary>Deletes the segment (retention).</summary>
    Task Drop();
}
