using System.Diagnostics.Metrics;

namespace Mle.Telemetry;

/// <summary>
/// A counter added to in place and reported only when metrics are collected (an observable counter). For counts made on
/// every scoring request: a <see cref="Counter{T}"/> measurement goes through every listener's aggregation on each
/// call, which on a single-row score cost more than the counting is worth; here a call is one interlocked add.
/// </summary>
public sealed class InPlaceCounter
{
    private long _value;

    public InPlaceCounter(Meter meter, string name, string? unit, string description) =>
        meter.CreateObservableCounter(name, () => Volatile.Read(ref _value), unit, description);

    public void Add(long count) => Interlocked.Add(ref _value, count);
}
