namespace Mle.Audit;

/// <summary>Which sealed segments of a log go: every one whose newest entry is past the retention, and the oldest beyond the count.</summary>
public static class AuditRetention
{
    /// <summary>The segments of <paramref name="sealedSegments"/> (oldest first) to drop at <paramref name="now"/>.</summary>
    public static IReadOnlyList<AuditSegmentInfo> Expired(IReadOnlyList<AuditSegmentInfo> sealedSegments, DateTimeOffset now, AuditOptions options)
    {
        var cutoff = now - options.Retention;
        var overCount = Math.Max(0, sealedSegments.Count - options.MaxSegments);
        return sealedSegments.Where((segment, position) => position < overCount || segment.LastTime < cutoff).ToList();
    }

    /// <summary>The oldest time an entry may have and still be shown.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now, AuditOptions options) => now - options.Retention;
}
