namespace Mle.Endpoints;

/// <summary>
/// A node of a compiled graph: evaluates its rows (a <see cref="RowFrame"/>) and answers their outputs. Compiled
/// nodes hold no request state, so one compiled graph serves any number of requests at once.
/// </summary>
internal abstract class GraphNode(string endpoint, string path)
{
    /// <summary>The endpoint whose spec holds the node (the nested one for a nested endpoint's nodes): its metrics go there.</summary>
    public string Endpoint { get; } = endpoint;

    public string Path { get; } = path;

    public abstract Task<NodeResult> Evaluate(Evaluation run, RowFrame frame);

    /// <summary>Evaluates the branches for their groups of rows at once; a branch with no rows is not evaluated.</summary>
    protected static async Task<NodeResult> Branches(Evaluation run, RowFrame frame, IReadOnlyList<(GraphNode Node, List<int> Positions, Action<int[]>? OnRows)> branches,
        Func<GraphNode, RowFrame, Task<NodeResult>>? evaluate = null)
    {
        var tasks = new List<Task<NodeResult>>(branches.Count);
        foreach (var (node, positions, onRows) in branches)
        {
            if (positions.Count == 0)
            {
                continue;
            }
            var sub = frame.Take([.. positions]);
            onRows?.Invoke(sub.Ids);
            tasks.Add(evaluate is null ? node.Evaluate(run, sub) : evaluate(node, sub));
        }
        return tasks.Count == 0 ? NodeResult.Empty : NodeResult.Concat(await Task.WhenAll(tasks).ConfigureAwait(false));
    }
}
