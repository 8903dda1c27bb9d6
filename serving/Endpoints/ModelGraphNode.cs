using System.Diagnostics;
using Mle.Data;
using Mle.Naming;
using Mle.Registry;
using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// Scores its rows with one model version. The version is resolved per request in the silo's catalog, so an alias
/// that moves is followed at once; the rows join the request's <see cref="ScoreRound"/>, which scores all rows going
/// to that version in one call.
/// </summary>
internal sealed class ModelGraphNode(string endpoint, string path, string model, VersionSelector selector) : GraphNode(endpoint, path)
{
    private readonly VariantKey _key = new(path, "model", $"{model}@{selector}");

    // The route of every row this node scores with one version: the same for all of them, so made once per version
    // and shared (routes are read-only once scored).
    private VersionRoute? _route;

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

    /// <summary>
    /// Scores a whole request when this node is the whole graph (no enrichment): the rows go to the version as they
    /// came, in one call, with none of a graph walk's machinery (a frame of the columns by name, a score round to
    /// gather demands into, a route per row). It answers, counts and fails exactly as <see cref="Evaluate"/> does.
    /// </summary>
    public async Task<EndpointScore> ScoreAlone(EndpointServing serving, CompiledEndpoint endpoint, ColumnBatch rows, CancellationToken cancellationToken)
    {
        var keys = endpoint.KeysOf(rows);
        if (rows.RowCount == 0)
        {
            return new EndpointScore(endpoint, new ColumnBatch(0, []), [], 0, keys);
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var version = await serving.Models.Resolve(ModelRef.Create(endpoint.Tenant, model), selector, cancellationToken).ConfigureAwait(false);
            var outputs = await serving.Models.Score(version, InputsFor(rows, version.Schema!, keys), cancellationToken).ConfigureAwait(false);
            serving.Metrics.Record(endpoint.Tenant, Endpoint, _key, rows.RowCount, false, Evaluation.ElapsedMs(started), outputs);
            var routes = new RowRoute[rows.RowCount];
            Array.Fill(routes, RouteOf(version));
            return new EndpointScore(endpoint, outputs, routes, 1, keys);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            serving.Metrics.Record(endpoint.Tenant, Endpoint, _key, rows.RowCount, true, Evaluation.ElapsedMs(started), null);
            throw;
        }
    }

    /// <summary>
    /// The request's columns as they are when they already are the model's inputs in its order (what the gateway reads
    /// for a single-model endpoint); otherwise taken by name and converted, as a graph walk takes them.
    /// </summary>
    private static ColumnBatch InputsFor(ColumnBatch rows, ModelSchema schema, string?[] keys)
    {
        var columns = rows.Columns;
        var same = columns.Length == schema.Inputs.Length;
        for (var i = 0; same && i < columns.Length; i++)
        {
            var wanted = schema.Inputs[i];
            same = columns[i].Name == wanted.Name && columns[i].Kind == wanted.Kind && (wanted.Width <= 0 || columns[i].Width == wanted.Width);
        }
        return same ? rows : RowFrame.Of(rows, keys).InputsFor(schema);
    }

    private RowRoute RouteOf(ModelVersionInfo version)
    {
        if (Volatile.Read(ref _route) is { } held && held.Version == version.Version)
        {
            return held.Route;
        }
        var route = new RowRoute();
        route.AddModel(model, version.Version);
        route.AddVariant(Endpoint, _key);
        Volatile.Write(ref _route, new VersionRoute(version.Version, route));
        return route;
    }

    private sealed record VersionRoute(int Version, RowRoute Route);
}
