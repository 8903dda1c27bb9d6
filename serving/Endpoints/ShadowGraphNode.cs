using System.Diagnostics;

namespace Mle.Endpoints;

/// <summary>
/// Answers with the primary; hands the same rows to each candidate through the <see cref="ShadowBacklog"/>, to be
/// scored later in an evaluation of their own. A candidate's outputs are recorded in its metrics (calls, errors,
/// latency, score distribution), never returned; a full queue drops the work and counts it; nothing a candidate does
/// reaches the request.
/// </summary>
internal sealed class ShadowGraphNode : GraphNode
{
    private readonly GraphNode _primary;
    private readonly (GraphNode Node, VariantKey Key)[] _candidates;
    private readonly VariantKey _primaryKey;

    public ShadowGraphNode(string endpoint, string path, GraphNode primary, IReadOnlyList<GraphNode> candidates)
        : base(endpoint, path)
    {
        _primary = primary;
        _primaryKey = new VariantKey(path, "shadow", "primary");
        _candidates = [.. candidates.Select((c, i) => (c, new VariantKey(path, "shadow", $"candidates[{i}]")))];
    }

    public override async Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        foreach (var (node, key) in _candidates)
        {
            // Queued before the primary scores, so the candidate may run while the request waits for its own scores.
            if (!run.Serving.Shadows.TryEnqueue(cancellation => Shadow(run.ForShadow(cancellation), node, key, frame)))
            {
                run.Serving.Metrics.Stats(run.Tenant, Endpoint, key with { Kind = "shadow-dropped" }).RecordCall(frame.RowCount, true, 0, []);
            }
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await _primary.Evaluate(run, frame).ConfigureAwait(false);
            run.Record(Endpoint, _primaryKey, frame.RowCount, failed: false, started, result.Merge(frame));
            return result;
        }
        catch (Exception) when (!run.Cancellation.IsCancellationRequested)
        {
            run.Record(Endpoint, _primaryKey, frame.RowCount, failed: true, started, null);
            throw;
        }
    }

    private async Task Shadow(Evaluation run, GraphNode node, VariantKey key, RowFrame frame)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await run.Drive(() => node.Evaluate(run, frame)).ConfigureAwait(false);
            run.Record(Endpoint, key, frame.RowCount, failed: false, started, result.Merge(frame));
        }
        catch (Exception) when (!run.Cancellation.IsCancellationRequested)
        {
            run.Record(Endpoint, key, frame.RowCount, failed: true, started, null);
        }
    }
}
