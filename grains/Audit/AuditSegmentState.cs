namespace Mle.Audit;

/// <summary>The persisted entries of one sealed audit segment (grain <see cref="AuditSegmentGrain"/>).</summary>
[GenerateSerializer]
public sealed class AuditSegmentState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}
