using Mle.Data;
using Mle.Registry;
using Mle.Serving;

namespace Mle.Endpoints;

/// <summary>
/// Gathers the score calls of one evaluation so that rows going to the same model version are scored in one call.
/// Nodes ask for scores (<see cref="Request"/>) and wait; the evaluation's driver, once every branch is waiting
/// (no demand of a branch is still being resolved: see <see cref="Outside{T}"/>), scores each version's rows at
/// once (<see cref="Flush"/>) and hands every node its own rows back, on the driver's own thread, one after the
/// other: the graph's code never runs on two threads at once.
/// </summary>
internal sealed class ScoreRound
{
    private readonly Lock _gate = new();
    private List<Demand> _pending = [];
    private int _outside;
    private TaskCompletionSource? _changed;

    /// <summary>How many score calls this evaluation made (one per model version per round).</summary>
    public int Calls { get; private set; }

    /// <summary>Scores <paramref name="rows"/> with <paramref name="version"/> in the next flush.</summary>
    public Task<ColumnBatch> Request(ModelVersionInfo version, ColumnBatch rows)
    {
        // Continuations run inline on the flushing thread (no RunContinuationsAsynchronously): that is what lets
        // every branch reach its next demand before the driver looks again.
        var demand = new Demand(version, rows, new TaskCompletionSource<ColumnBatch>());
        lock (_gate)
        {
            _pending.Add(demand);
            Signal();
        }
        return demand.Result.Task;
    }

    /// <summary>
    /// Awaits work that is not a score (resolving a version, looking up features) while telling the driver not to
    /// flush meanwhile: a branch on its way to a demand is not left out of the round.
    /// </summary>
    public async ValueTask<T> Outside<T>(ValueTask<T> work)
    {
        if (work.IsCompletedSuccessfully)
        {
            return work.Result;
        }
        lock (_gate)
        {
            _outside++;
        }
        try
        {
            return await work.ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _outside--;
                Signal();
            }
        }
    }

    /// <summary>The demands to score now, or null while there are none or a branch is still on its way to one.</summary>
    public List<Demand>? TakeReady()
    {
        lock (_gate)
        {
            if (_pending.Count == 0 || _outside > 0)
            {
                return null;
            }
            var ready = _pending;
            _pending = [];
            return ready;
        }
    }

    /// <summary>Completes when a demand arrives or outside work ends.</summary>
    public Task Changed()
    {
        lock (_gate)
        {
            if (_pending.Count > 0 && _outside == 0)
            {
                return Task.CompletedTask;
            }
            if (_changed is null || _changed.Task.IsCompleted)
            {
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return _changed.Task;
        }
    }

    private void Signal() => _changed?.TrySetResult();

    /// <summary>Scores every version's rows in one call each, concurrently, then answers the demands one by one.</summary>
    public async Task Flush(List<Demand> demands, IModelServing serving, CancellationToken cancellationToken)
    {
        if (demands.Count == 1)
        {
            // The usual round (one model node, or every branch on one version): no grouping, slicing or copying.
            Calls++;
            var (outputs, error) = await ScoreGroup(demands, serving, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                demands[0].Result.SetException(error);
            }
            else
            {
                demands[0].Result.SetResult(outputs!);
            }
            return;
        }
        var groups = demands.GroupBy(d => (d.Version.Tenant, d.Version.Model, d.Version.Version)).Select(g => g.ToList()).ToList();
        Calls += groups.Count;
        var scored = await Task.WhenAll(groups.Select(g => ScoreGroup(g, serving, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < groups.Count; i++)
        {
            var (outputs, error) = scored[i];
            var offset = 0;
            foreach (var demand in groups[i])
            {
                if (error is not null)
                {
                    demand.Result.SetException(error);
                    continue;
                }
                var rows = demand.Rows.RowCount;
                var columns = groups[i].Count == 1
                    ? outputs!.Columns
                    : Array.ConvertAll(outputs!.Columns, c => ColumnRows.Slice(c, offset, rows));
                offset += rows;
                demand.Result.SetResult(new ColumnBatch(rows, columns));
            }
        }
    }

    private static async Task<(ColumnBatch? Outputs, Exception? Error)> ScoreGroup(List<Demand> group, IModelServing serving, CancellationToken cancellationToken)
    {
        try
        {
            var rows = group.Count == 1 ? group[0].Rows : Concat(group);
            return (await serving.Score(group[0].Version, rows, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception error)
        {
            return (null, error);
        }
    }

    private static ColumnBatch Concat(List<Demand> group)
    {
        var first = group[0].Rows;
        var columns = new Column[first.Columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = ColumnRows.Concat(group.Select(d => d.Rows.Columns[c]).ToList());
        }
        return new ColumnBatch(group.Sum(d => d.Rows.RowCount), columns);
    }

    /// <summary>One node's rows for one version, and where its answer goes.</summary>
    internal sealed record Demand(ModelVersionInfo Version, ColumnBatch Rows, TaskCompletionSource<ColumnBatch> Result);
}
