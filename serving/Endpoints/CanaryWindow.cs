using System.Globalization;

namespace Mle.Endpoints;

/// <summary>
/// The sliding window of a canary candidate's most recent calls on one silo (success and latency of each), judged
/// against its <see cref="RollbackRule"/> after every call. Bounded: it holds at most <c>capacity</c> calls, never
/// fewer than the rule's minimum, so memory does not grow with traffic. Thread-safe.
/// </summary>
public sealed class CanaryWindow
{
    private readonly Lock _gate = new();
    private readonly RollbackRule _rule;
    private readonly string _canary;
    private readonly bool[] _failed;
    private readonly double[] _latencies;
    private int _next;
    private int _count;
    private int _errors;
    private bool _tripped;

    /// <param name="canary">The canary's path, for the evidence.</param>
    /// <param name="rule">The thresholds.</param>
    /// <param name="capacity">Calls remembered (<c>Mle:Endpoints:CanaryWindow</c>); raised to the rule's minimum if below it.</param>
    public CanaryWindow(string canary, RollbackRule rule, int capacity)
    {
        _canary = canary;
        _rule = rule;
        var size = Math.Max(capacity, rule.MinRequests);
        _failed = new bool[size];
        _latencies = new double[size];
    }

    /// <summary>Calls in the window.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Records one call; returns the evidence the first time the window crosses a threshold, else null.</summary>
    public RollbackEvidence? Record(bool failed, double latencyMs, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_count == _failed.Length && _failed[_next])
            {
                _errors--;
            }
            _failed[_next] = failed;
            _latencies[_next] = latencyMs;
            _errors += failed ? 1 : 0;
            _next = (_next + 1) % _failed.Length;
            _count = Math.Min(_count + 1, _failed.Length);
            if (_tripped || _count < _rule.MinRequests)
            {
                return null;
            }
            var rate = (double)_errors / _count;
            var p99 = _rule.MaxP99Ms is null ? 0 : P99();
            string? reason = null;
            if (_rule.MaxErrorRate is { } maxRate && rate > maxRate)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"error rate {rate:0.####} over {_count} calls is above maxErrorRate {maxRate}");
            }
            else if (_rule.MaxP99Ms is { } maxP99 && p99 > maxP99)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"p99 latency {p99:0.###} ms over {_count} calls is above maxP99Ms {maxP99}");
            }
            if (reason is null)
            {
                return null;
            }
            _tripped = true;
            return new RollbackEvidence(_canary, _count, _errors, rate, _rule.MaxP99Ms is null ? P99() : p99, reason, now);
        }
    }

    private double P99()
    {
        var sorted = _latencies.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(0.99 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
