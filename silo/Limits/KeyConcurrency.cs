namespace Mle.Silo.Limits;

/// <summary>
/// Requests in progress per key (or token subject) on this silo, each admitted only while its key has fewer than the
/// limit. A dictionary of counts under one lock rather than <c>System.Threading.RateLimiting</c>'s partitioned
/// concurrency limiter: that one ran its partition factory (a closure and a delegate), a limiter lookup and a lease
/// object on every request, and a timer ten times a second on an idle silo; here admission is a lock held for one
/// dictionary update, a key whose last request ended is forgotten at once, and only the lease is allocated.
/// </summary>
internal sealed class KeyConcurrency(int limit)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Subject), int> _inProgress = [];

    /// <summary>Counts one more request of <paramref name="key"/>, or returns null when it already has <c>limit</c>.</summary>
    public IDisposable? TryEnter((string Tenant, string Subject) key)
    {
        lock (_gate)
        {
            _inProgress.TryGetValue(key, out var count);
            if (count >= limit)
            {
                return null;
            }
            _inProgress[key] = count + 1;
        }
        return new Lease(this, key);
    }

    /// <summary>How many requests of <paramref name="key"/> are in progress.</summary>
    public int InProgress((string Tenant, string Subject) key)
    {
        lock (_gate)
        {
            return _inProgress.GetValueOrDefault(key);
        }
    }

    private void Exit((string Tenant, string Subject) key)
    {
        lock (_gate)
        {
            var count = _inProgress.GetValueOrDefault(key) - 1;
            if (count <= 0)
            {
                _inProgress.Remove(key);
            }
            else
            {
                _inProgress[key] = count;
            }
        }
    }

    /// <summary>One admitted request; disposing it (once, however often it is called) ends the request's count.</summary>
    private sealed class Lease(KeyConcurrency owner, (string Tenant, string Subject) key) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.Exit(key);
            }
        }
    }
}
