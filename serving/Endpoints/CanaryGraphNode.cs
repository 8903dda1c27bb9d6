using System.Diagnostics;

namespace Mle.Endpoints;

/// <summary>
/// Sends <see cref="CanaryNode.Percent"/> of rows (sticky per entity, as a split) to the candidate until the
/// candidate is rolled back (<see cref="CanaryBoard"/>), then every row to the stable node. Every candidate call is
/// judged by the rollback rule. A candidate call that fails costs its rows nothing: they are scored by the stable
/// node instead (their route says <c>"canary": "stable"</c>), and the failure counts against the candidate.
/// </summary>
internal sealed class CanaryGraphNode : GraphNode
{
    private readonly CanaryNode _canary;
    private readonly GraphNode _stable;
    private readonly GraphNode _candidate;
    private readonly string _generation;
    private readonly VariantKey _stableKey;
    private readonly VariantKey _candidateKey;

    public CanaryGraphNode(string endpoint, CanaryNode canary, GraphNode stable, GraphNode candidate)
        : base(endpoint, canary.Path)
    {
        _canary = canary;
        _stable = stable;
        _candidate = candidate;
        _generation = StickyAssignment.Generation(canary);
        CanaryId = CanaryBoard.CanaryId(canary);
        _stableKey = new VariantKey(canary.Path, "canary", "stable");
        _candidateKey = new VariantKey(canary.Path, "canary", "candidate");
    }

    public string CanaryId { get; }

    public override Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        var stable = new List<int>();
        var candidate = new List<int>();
        var rolledBack = run.Serving.Canaries.IsRolledBack(run.Tenant, Endpoint, CanaryId);
        for (var row = 0; row < frame.RowCount; row++)
        {
            var key = frame.Keys[row];
            var bucket = key is null ? Random.Shared.Next(StickyAssignment.Buckets) : StickyAssignment.Bucket(Endpoint, _generation, key);
            (!rolledBack && bucket < _canary.Percent * (StickyAssignment.Buckets / 100.0) ? candidate : stable).Add(row);
        }
        return Branches(run, frame,
            [(_stable, stable, null), (_candidate, candidate, null)],
            (node, rows) => node == _stable ? Stable(run, rows) : Candidate(run, rows));
    }

    private async Task<NodeResult> Stable(Evaluation run, RowFrame rows)
    {
        run.Route(rows.Ids, "canary", "stable", Endpoint, _stableKey);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await _stable.Evaluate(run, rows).ConfigureAwait(false);
            run.Record(Endpoint, _stableKey, rows.RowCount, failed: false, started, result.Merge(rows));
            return result;
        }
        catch (Exception) when (!run.Cancellation.IsCancellationRequested)
        {
            run.Record(Endpoint, _stableKey, rows.RowCount, failed: true, started, null);
            throw;
        }
    }

    private async Task<NodeResult> Candidate(Evaluation run, RowFrame rows)
    {
        var started = Stopwatch.GetTimestamp();
        NodeResult result;
        try
        {
            result = await _candidate.Evaluate(run, rows).ConfigureAwait(false);
        }
        catch (Exception) when (!run.Cancellation.IsCancellationRequested)
        {
            var latency = Evaluation.ElapsedMs(started);
            run.Record(Endpoint, _candidateKey, rows.RowCount, failed: true, started, null);
            run.Serving.Canaries.Record(run.Tenant, Endpoint, _canary, CanaryId, failed: true, latency);
            return await Stable(run, rows).ConfigureAwait(false);
        }
        var elapsed = Evaluation.ElapsedMs(started);
        run.Route(rows.Ids, "canary", "candidate", Endpoint, _candidateKey);
        run.Record(Endpoint, _candidateKey, rows.RowCount, failed: false, started, result.Merge(rows));
        run.Serving.Canaries.Record(run.Tenant, Endpoint, _canary, CanaryId, failed: false, elapsed);
        return result;
    }
}
