using System.Diagnostics;
using Mle.Data;

namespace Mle.Endpoints;

/// <summary>
/// Dynamic batching with Triton's semantics, per endpoint version and silo: a request waits at most
/// <see cref="BatchingSpec.MaxQueueDelayMs"/> for others, and the requests that arrived meanwhile are scored as one
/// batch of at most <see cref="BatchingSpec.MaxBatchSize"/> rows (the batch goes at once when it is full; a request as
/// large as that goes alone, at once). Each request gets its own rows' answer back. A request fails only by its own
/// rows: when a batch fails, its requests are scored again one by one. Requests of one endpoint version carry the same
/// columns in the same order, so batches are concatenations.
/// </summary>
internal sealed class DynamicBatching(BatchingSpec spec, Func<ColumnBatch, Task<EndpointScore>> score, Action<int, double>? measured = null)
{
    private readonly Lock _gate = new();
    private List<Waiting> _waiting = [];
    private int _rows;

    public async Task<EndpointScore> Score(ColumnBatch rows, CancellationToken cancellationToken)
    {
        if (rows.RowCount >= spec.MaxBatchSize)
        {
            return await score(rows).ConfigureAwait(false);
        }
        var waiting = new Waiting(rows, new TaskCompletionSource<EndpointScore>(TaskCreationOptions.RunContinuationsAsynchronously), Stopwatch.GetTimestamp());
        var ready = new List<List<Waiting>>();
        bool first;
        lock (_gate)
        {
            if (_waiting.Count > 0 && _rows + rows.RowCount > spec.MaxBatchSize)
            {
                // This request would overflow the batch: the batch goes now, and this one starts the next.
                ready.Add(Take());
            }
            _waiting.Add(waiting);
            _rows += rows.RowCount;
            first = _waiting.Count == 1;
            if (_rows >= spec.MaxBatchSize)
            {
                ready.Add(Take());
                first = false;
            }
        }
        foreach (var batch in ready)
        {
            _ = Flush(batch);
        }
        if (first)
        {
            // A timer left from a batch that went early (full) only makes a later batch go sooner, never later.
            _ = FlushAfterDelay();
        }
        return await waiting.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private List<Waiting> Take()
    {
        var taken = _waiting;
        _waiting = [];
        _rows = 0;
        return taken;
    }

    private async Task FlushAfterDelay()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(spec.MaxQueueDelayMs)).ConfigureAwait(false);
        List<Waiting> due;
        lock (_gate)
        {
            due = Take();
        }
        if (due.Count > 0)
        {
            await Flush(due).ConfigureAwait(false);
        }
    }

    private async Task Flush(List<Waiting> batch)
    {
        try
        {
            var rows = batch.Count == 1 ? batch[0].Rows : Concat(batch);
            measured?.Invoke(rows.RowCount, Stopwatch.GetElapsedTime(batch[0].Since).TotalMilliseconds);
            var result = await score(rows).ConfigureAwait(false);
            var offset = 0;
            foreach (var waiting in batch)
            {
                waiting.Result.TrySetResult(result.Slice(offset, waiting.Rows.RowCount));
                offset += waiting.Rows.RowCount;
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One caller's bad row (an entity without a feature declared "missing": "fail") must not fail the callers
            // it happened to be batched with: each request is scored again alone and gets its own answer or error.
            await Task.WhenAll(batch.Select(Alone)).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            batch[0].Result.TrySetException(error);
        }
    }

    private async Task Alone(Waiting waiting)
    {
        try
        {
            waiting.Result.TrySetResult(await score(waiting.Rows).ConfigureAwait(false));
        }
        catch (Exception error)
        {
            waiting.Result.TrySetException(error);
        }
    }

    private static ColumnBatch Concat(List<Waiting> batch)
    {
        var first = batch[0].Rows;
        var columns = new Column[first.Columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = ColumnRows.Concat(batch.Select(w => w.Rows.Columns[c]).ToList());
        }
        return new ColumnBatch(batch.Sum(w => w.Rows.RowCount), columns);
    }

    private sealed record Waiting(ColumnBatch Rows, TaskCompletionSource<EndpointScore> Result, long Since);
}
