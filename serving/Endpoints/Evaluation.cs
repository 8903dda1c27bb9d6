using System.Diagnostics;
using Mle.Data;
using Mle.Registry;

namespace Mle.Endpoints;

/// <summary>
/// One request's walk through a graph: the services, the request's <see cref="ScoreRound"/>, its rows' routes.
/// Shadow candidates walk in an evaluation of their own (<see cref="ForShadow"/>), with no routes, off the request.
/// </summary>
internal sealed class Evaluation
{
    /// <summary>Endpoints nest at most this deep at request time (specs are checked for cycles; this is the backstop).</summary>
    public const int MaxNesting = 8;

    public Evaluation(EndpointServing serving, string tenant, RowRoute[]? routes, CancellationToken cancellation)
    {
        Serving = serving;
        Tenant = tenant;
        Routes = routes;
        Cancellation = cancellation;
    }

    public EndpointServing Serving { get; }

    public string Tenant { get; }

    public RowRoute[]? Routes { get; }

    public CancellationToken Cancellation { get; }

    public ScoreRound Round { get; } = new();

    public Evaluation ForShadow(CancellationToken cancellation) => new(Serving, Tenant, null, cancellation);

    public Task<ColumnBatch> Score(ModelVersionInfo version, ColumnBatch rows) => Round.Request(version, rows);

    public void Route(int[] ids, string step, string value, string? endpoint = null, VariantKey? key = null)
    {
        if (Routes is null)
        {
            return;
        }
        foreach (var id in ids)
        {
            Routes[id].Add(step, value);
            if (key is not null)
            {
                Routes[id].AddVariant(endpoint!, key);
            }
        }
    }

    public void RouteModel(int[] ids, string model, int version, string endpoint, VariantKey key)
    {
        if (Routes is null)
        {
            return;
        }
        foreach (var id in ids)
        {
            Routes[id].AddModel(model, version);
            Routes[id].AddVariant(endpoint, key);
        }
    }

    public void Record(string endpoint, VariantKey key, int rows, bool failed, long startedAt, ColumnBatch? outputs) =>
        Serving.Metrics.Record(Tenant, endpoint, key, rows, failed, ElapsedMs(startedAt), outputs);

    public static double ElapsedMs(long startedAt) => Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;

    /// <summary>
    /// Runs <paramref name="start"/> to its end, flushing the score round whenever every branch waits on it. The
    /// loop, not the graph, does the waiting: a node's code resumes on this thread when its scores are in.
    /// </summary>
    public async Task<NodeResult> Drive(Func<Task<NodeResult>> start)
    {
        var root = start();
        while (!root.IsCompleted)
        {
            if (Round.TakeReady() is { } ready)
            {
                await Round.Flush(ready, Serving.Models, Cancellation).ConfigureAwait(false);
                continue;
            }
            await Task.WhenAny(root, Round.Changed()).ConfigureAwait(false);
        }
        return await root.ConfigureAwait(false);
    }
}
