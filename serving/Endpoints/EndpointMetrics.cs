using System.Collections.Concurrent;
using System.Diagnostics;
using Mle.Data;

namespace Mle.Endpoints;

/// <summary>
/// One silo's numbers of every endpoint, per variant and node (<see cref="VariantKey"/>): kept here for
/// <c>GET .../variants</c> (which adds up every silo's) and sent to OpenTelemetry when <see cref="EndpointInstruments"/>
/// are given. Memory is bounded by the endpoints' specs (one <see cref="VariantStats"/> per variant and node), not by traffic.
/// </summary>
public sealed class EndpointMetrics(EndpointInstruments? instruments = null)
{
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), ConcurrentDictionary<VariantKey, VariantStats>> _endpoints = new();

    public void Record(string tenant, string endpoint, VariantKey key, int rows, bool failed, double latencyMs, ColumnBatch? outputs)
    {
        var scores = outputs is null ? null : ScoreColumn(outputs);
        Stats(tenant, endpoint, key).RecordCall(rows, failed, latencyMs, scores);
        if (instruments is not null)
        {
            var tags = new TagList
            {
                { "mle.endpoint", endpoint }, { "mle.node", key.Node }, { "mle.kind", key.Kind }, { "mle.variant", key.Name },
            };
            instruments.Calls.Add(1, tags);
            if (failed)
            {
                instruments.Errors.Add(1, tags);
            }
            instruments.LatencyMs.Record(latencyMs, tags);
            for (var row = 0; scores is not null && row < scores.RowCount; row++)
            {
                instruments.Scores.Record(ColumnRows.Number(scores, row), tags);
            }
        }
    }

    public VariantStats Stats(string tenant, string endpoint, VariantKey key) =>
        _endpoints.GetOrAdd((tenant, endpoint), _ => new()).GetOrAdd(key, _ => new VariantStats());

    /// <summary>Every variant's and node's numbers of the endpoint on this silo.</summary>
    public IReadOnlyDictionary<VariantKey, VariantSnapshot> Snapshot(string tenant, string endpoint) =>
        _endpoints.TryGetValue((tenant, endpoint), out var stats)
            ? stats.ToDictionary(s => s.Key, s => s.Value.Snapshot())
            : new Dictionary<VariantKey, VariantSnapshot>();

    public void Forget(string tenant, string endpoint) => _endpoints.TryRemove((tenant, endpoint), out _);

    /// <summary>
    /// The score whose distribution is tracked: <c>Probability</c>, else <c>Score</c>, else the first scalar number
    /// output (an ensemble's combined output).
    /// </summary>
    public static double[] Scores(ColumnBatch outputs) => ScoreColumn(outputs) is { } column ? ColumnRows.ToDoubles(column) : [];

    /// <summary>The column <see cref="Scores"/> reads (a number column of width 1), or null; read in place, it costs no copy.</summary>
    public static Column? ScoreColumn(ColumnBatch outputs)
    {
        var column = outputs.Find("Probability") ?? outputs.Find("Score") ?? FirstNumber(outputs);
        return column is { Width: 1 } && ColumnRows.IsNumber(column.Kind) ? column : null;
    }

    private static Column? FirstNumber(ColumnBatch outputs)
    {
        foreach (var column in outputs.Columns)
        {
            if (column.Width == 1 && ColumnRows.IsNumber(column.Kind))
            {
                return column;
            }
        }
        return null;
    }
}
