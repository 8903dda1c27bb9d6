using Mle.Data;
using Mle.Serving;

namespace Mle.Endpoints;

/// <summary>
/// Serves endpoints: evaluates a compiled endpoint's graph over the model serving seam, with what every request
/// shares on a silo: the catalog of endpoints (for nesting), the feature source (enrichment), the canaries' windows
/// and decisions, the shadow queue and the metrics. The REST gateway, the Open Inference Protocol and the SDK all
/// score endpoints through <see cref="Score"/>.
/// </summary>
public sealed class EndpointServing(
    IModelServing models,
    IEndpointSource endpoints,
    IFeatureSource features,
    CanaryBoard canaries,
    ShadowBacklog shadows,
    EndpointMetrics metrics)
{
    public IModelServing Models { get; } = models;

    public IEndpointSource Endpoints { get; } = endpoints;

    public IFeatureSource Features { get; } = features;

    public CanaryBoard Canaries { get; } = canaries;

    public ShadowBacklog Shadows { get; } = shadows;

    public EndpointMetrics Metrics { get; } = metrics;

    /// <summary>
    /// Scores <paramref name="rows"/> (columns named as <see cref="CompiledEndpoint.Inputs"/>; string columns may
    /// hold null for a row without an optional value) with <paramref name="endpoint"/>.
    /// </summary>
    public Task<EndpointScore> Score(CompiledEndpoint endpoint, ColumnBatch rows, CancellationToken cancellationToken = default)
    {
        if (endpoint.Spec.Batching is not { } batching)
        {
            return ScoreNow(endpoint, rows, cancellationToken);
        }
        var batcher = LazyInitializer.EnsureInitialized(ref endpoint.Batcher, () => new DynamicBatching(batching,
            batch => ScoreNow(endpoint, batch, CancellationToken.None),
            (batchRows, waitedMs) => Metrics.Record(endpoint.Tenant, endpoint.Name, DynamicBatchKey, batchRows, false, waitedMs, null)));
        return batcher.Score(rows, cancellationToken);
    }

    /// <summary>Where dynamic batches are counted: calls are batches, rows their rows, latency the first request's wait.</summary>
    public static VariantKey DynamicBatchKey { get; } = new("batching", "batching", "batches");

    private Task<EndpointScore> ScoreNow(CompiledEndpoint endpoint, ColumnBatch rows, CancellationToken cancellationToken) =>
        endpoint.Graph is ModelGraphNode model && endpoint.Enrichments.Count == 0
            ? model.ScoreAlone(this, endpoint, rows, cancellationToken)
            : Walk(endpoint, rows, cancellationToken);

    private async Task<EndpointScore> Walk(CompiledEndpoint endpoint, ColumnBatch rows, CancellationToken cancellationToken)
    {
        var routes = new RowRoute[rows.RowCount];
        for (var i = 0; i < routes.Length; i++)
        {
            routes[i] = new RowRoute();
        }
        var frame = RowFrame.Of(rows, endpoint.KeysOf(rows));
        var run = new Evaluation(this, endpoint.Tenant, routes, cancellationToken);
        var result = await run.Drive(() => endpoint.Evaluate(run, frame)).ConfigureAwait(false);
        return new EndpointScore(endpoint, frame, result, routes, run.Round.Calls, frame.Keys);
    }
}
