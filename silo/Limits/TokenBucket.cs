namespace Mle.Silo.Limits;

/// <summary>
/// A rate: <c>perSecond</c> tokens a second, up to a second's worth saved for a burst. Time is passed in (timestamps
/// of a <see cref="TimeProvider"/>), so the arithmetic is tested without waiting.
/// </summary>
public sealed class TokenBucket(int perSecond, long now)
{
    private readonly Lock _gate = new();
    private double _tokens = perSecond;
    private long _last = now;

    /// <summary>Takes a token: null when one was there, else how long until one will be.</summary>
    public TimeSpan? TryTake(long now, long frequency)
    {
        lock (_gate)
        {
            if (now > _last)
            {
                _tokens = Math.Min(perSecond, _tokens + (now - _last) / (double)frequency * perSecond);
                _last = now;
            }
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return null;
            }
            return TimeSpan.FromSeconds((1 - _tokens) / perSecond);
        }
    }
}
