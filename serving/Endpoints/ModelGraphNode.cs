using System.Diagnostics;
using Mle.Naming;

namespace Mle.Endpoints;

/// <summary>
/// Scores its rows with one model version. The version is resolved per request in the silo's catalog, so an alias
/// that moves is followed at once; the rows join the request's <see cref="ScoreRound"/>, which scores all rows going
/// to that version in one call.
/// </summary>
internal sealed class ModelGraphNode(string endpoint, string path, string model, VersionSelector selector) : GraphNode(endpoint, path)
{
    private readonly VariantKey _key = new(path, "model", $"{model}@{selector}");

    public override async Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        if (frame.RowCount == 0)
        {
            return NodeResult.Empty;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var version = await run.Round.Outside(run.Serving.Models.Resolve(ModelRef.Create(run.Tenant, model), selector, run.Cancellation)).ConfigureAwait(false);
            var outputs = await run.Score(version, frame.InputsFor(version.Schema!)).ConfigureAwait(false);
            run.RouteModel(frame.Ids, model, version.Version, Endpoint, _key);
            run.Record(Endpoint, _key, frame.RowCount, failed: false, started, outputs);
            return NodeResult.Of(frame.Ids, outputs);
        }
        catch (Exception) when (!run.Cancellation.IsCancellationRequested)
        {
            run.Record(Endpoint, _key, frame.RowCount, failed: true, started, null);
            throw;
        }
    }
}
