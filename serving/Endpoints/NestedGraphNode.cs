using Mle.Errors;

namespace Mle.Endpoints;

/// <summary>
/// Another endpoint of the tenant, as it is now in this silo's catalog (with its own enrichment); the route says
/// <c>"endpoint": "name"</c>.
/// </summary>
internal sealed class NestedGraphNode(string endpoint, string path, string nested) : GraphNode(endpoint, path)
{
    public override async Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        if (frame.RowCount == 0)
        {
            return NodeResult.Empty;
        }
        if (frame.Depth >= Evaluation.MaxNesting)
        {
            throw MleErrors.InvalidRequest($"Endpoints nest deeper than {Evaluation.MaxNesting} levels at {Path} ('{nested}').", Path);
        }
        var target = await run.Round.Outside(run.Serving.Endpoints.Find(run.Tenant, nested, run.Cancellation)).ConfigureAwait(false);
        run.Route(frame.Ids, "endpoint", nested);
        return await target.Evaluate(run, frame.Nested(target.KeysOf(frame))).ConfigureAwait(false);
    }
}
