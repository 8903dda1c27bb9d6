namespace Mle.Audit;

/// <summary>
/// How each tenant's audit log is kept (<c>Mle:Audit</c>), checked on start by <see cref="AuditOptionsValidator"/>.
/// A log is a head of recent entries and sealed segments of <see cref="SegmentEntries"/> each; whole segments are
/// dropped once every entry in them is older than <see cref="Retention"/>, or when a tenant has more than
/// <see cref="MaxSegments"/>, so a log never grows past <c>SegmentEntries × (MaxSegments + 1)</c> entries.
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Mle:Audit";

    /// <summary>How long entries are kept (default 90 days, at least 1 hour).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The entries of one segment (default 200, 10 to 10,000): the head is rewritten on every entry, so keep it small.</summary>
    public int SegmentEntries { get; set; } = 200;

    /// <summary>The most sealed segments a tenant keeps (default 500, 1 to 100,000); the oldest go first.</summary>
    public int MaxSegments { get; set; } = 500;

    /// <summary>
    /// How often the outcome of a change is tried to be written before the attempt is left with outcome Unknown and an
    /// error is logged (default 3, 1 to 10). The attempt itself is always recorded before the change is made.
    /// </summary>
    public int CompletionAttempts { get; set; } = 3;
}
