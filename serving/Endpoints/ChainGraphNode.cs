namespace Mle.Endpoints;

/// <summary>
/// Each step scores the rows with what the request gave plus every earlier step's outputs (a later output replaces
/// a column of the same name); the answer is the last step's.
/// </summary>
internal sealed class ChainGraphNode(string endpoint, string path, IReadOnlyList<GraphNode> steps) : GraphNode(endpoint, path)
{
    public override async Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        var current = frame;
        NodeResult result = NodeResult.Empty;
        for (var i = 0; i < steps.Count; i++)
        {
            result = await steps[i].Evaluate(run, current).ConfigureAwait(false);
            if (i < steps.Count - 1)
            {
                current = current.With(result.Merge(current));
            }
        }
        return result;
    }
}
