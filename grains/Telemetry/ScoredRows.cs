using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Mle.Telemetry;

/// <summary>
/// <c>mle.scoring.rows</c>: rows scored, by model (<c>{tenant}/{model}</c>) and flavor, counted in place per model and
/// reported when metrics are collected (see <see cref="InPlaceCounter"/> for why). A scorer keeps its model's
/// <see cref="Tally"/> (<see cref="For"/>) and adds to it on every call.
/// </summary>
public sealed class ScoredRows
{
    private readonly ConcurrentDictionary<(string Model, string Flavor), Tally> _byModel = new();

    public ScoredRows(Meter meter) =>
        meter.CreateObservableCounter("mle.scoring.rows", Observe, unit: "{row}", description: "Rows scored.");

    /// <summary>The tally of one model and flavor (the same instance on every call).</summary>
    public Tally For(string model, string flavor) => _byModel.GetOrAdd((model, flavor), static _ => new Tally());

    public void Add(long rows, string model, string flavor) => For(model, flavor).Add(rows);

    private IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (key, tally) in _byModel)
        {
            yield return new Measurement<long>(tally.Value, new KeyValuePair<string, object?>("model", key.Model), new KeyValuePair<string, object?>("flavor", key.Flavor));
        }
    }

    /// <summary>One model's rows so far.</summary>
    public sealed class Tally
    {
        private long _rows;

        public long Value => Volatile.Read(ref _rows);

        public void Add(long rows) => Interlocked.Add(ref _rows, rows);
    }
}
