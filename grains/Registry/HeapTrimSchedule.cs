namespace Mle.Registry;

/// <summary>
/// Decides when a burst of registrations is over and large enough to trim the heap after: at least
/// <c>afterRegistrations</c> since the last trim, and none for <c>quietPeriod</c>. Plain and thread-safe; the clock
/// is passed in, so the rule is tested without waiting.
/// </summary>
public sealed class HeapTrimSchedule(int afterRegistrations, TimeSpan quietPeriod)
{
    private readonly Lock _gate = new();
    private int _sinceTrim;
    private DateTimeOffset _last;

    /// <summary>Counts a registration that ended at <paramref name="now"/>.</summary>
    public void Registered(DateTimeOffset now)
    {
        lock (_gate)
        {
            _sinceTrim++;
            _last = now;
        }
    }

    /// <summary>
    /// How long until the trim is due as of <paramref name="now"/>: zero when it is due, a positive wait while the
    /// burst may still go on, or null when there is nothing to trim after (too few registrations, or the trim is off).
    /// </summary>
    public TimeSpan? DueIn(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (afterRegistrations == 0 || _sinceTrim < afterRegistrations)
            {
                return null;
            }
            var wait = _last + quietPeriod - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>Starts counting afresh: the registrations so far have been trimmed after.</summary>
    public void Trimmed()
    {
        lock (_gate)
        {
            _sinceTrim = 0;
        }
    }
}
