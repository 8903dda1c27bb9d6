using System.Diagnostics;

namespace Mle.Endpoints;

/// <summary>
/// Weighted A/B/n: each row goes to the variant its entity key's bucket falls in (<see cref="StickyAssignment"/>),
/// or to a random one without a key; each variant scores its rows; the rows' routes name the variant.
/// </summary>
internal sealed class SplitGraphNode : GraphNode
{
    private readonly (string Name, GraphNode Node, VariantKey Key)[] _variants;
    private readonly double[] _weights;
    private readonly string _generation;

    public SplitGraphNode(string endpoint, SplitNode split, IReadOnlyList<GraphNode> nodes)
        : base(endpoint, split.Path)
    {
        _variants = [.. split.Variants.Select((v, i) => (v.Name, nodes[i], new VariantKey(split.Path, "split", v.Name)))];
        _weights = [.. split.Variants.Select(v => v.Weight)];
        _generation = StickyAssignment.Generation(split);
    }

    /// <summary>The variant an entity is assigned to: the same on every call and every silo until the split changes.</summary>
    public string Assign(string key) => _variants[StickyAssignment.Pick(_weights, StickyAssignment.Bucket(Endpoint, _generation, key))].Name;

    public override Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        var groups = _variants.Select(_ => new List<int>()).ToArray();
        for (var row = 0; row < frame.RowCount; row++)
        {
            var key = frame.Keys[row];
            var bucket = key is null ? Random.Shared.Next(StickyAssignment.Buckets) : StickyAssignment.Bucket(Endpoint, _generation, key);
            groups[StickyAssignment.Pick(_weights, bucket)].Add(row);
        }
        return Branches(run, frame,
            [.. _variants.Select((v, i) => (v.Node, groups[i], (Action<int[]>?)(ids => run.Route(ids, "variant", v.Name, Endpoint, v.Key))))],
            (node, rows) => Variant(run, node, rows));
    }

    private async Task<NodeResult> Variant(Evaluation run, GraphNode node, RowFrame rows)
    {
        var key = _variants.First(v => v.Node == node).Key;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await node.Evaluate(run, rows).ConfigureAwait(false);
            run.Record(Endpoint, key, rows.RowCount, failed: false, started, result.Merge(rows));
            return result;
        }
        catch (Exception) when (!run.Cancellation.IsCancellationRequested)
        {
            run.Record(Endpoint, key, rows.RowCount, failed: true, started, null);
            throw;
        }
    }
}
