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
/// <remarks>
/// What a request adds is kept small, because batching only pays when it costs a request less than the per-call cost it
/// amortises: one allocation (the request's <see cref="Waiting"/>, which is its own completion source), no async state
/// machine and no cancellation registration. A waiting request is not cancelled by its caller: it waits at most
/// <see cref="BatchingSpec.MaxQueueDelayMs"/> plus one batch's scoring, and its rows are scored with the batch anyway.
/// One timer per batcher, re-armed by each batch's first request, replaces a timer and a task per batch.
/// </remarks>
internal sealed class DynamicBatching : IDisposable
{
    private readonly Lock _gate = new();
    private readonly BatchingSpec _spec;
    private readonly Func<ColumnBatch, Task<EndpointScore>> _score;
    private readonly Action<int, double>? _measured;
    private readonly Timer _timer;
    private readonly TimeSpan _delay;
    private List<Waiting> _waiting = [];
    private int _rows;

    public DynamicBatching(BatchingSpec spec, Func<ColumnBatch, Task<EndpointScore>> score, Action<int, double>? measured = null)
    {
        _spec = spec;
        _score = score;
        _measured = measured;
        _delay = TimeSpan.FromMilliseconds(spec.MaxQueueDelayMs);
        _timer = new Timer(static state => ((DynamicBatching)state!).FlushDue(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public Task<EndpointScore> Score(ColumnBatch rows, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (rows.RowCount >= _spec.MaxBatchSize)
        {
            return _score(rows);
        }
        var waiting = new Waiting(rows);
        List<Waiting>? overflowed = null, full = null;
        bool first;
        lock (_gate)
        {
            if (_waiting.Count > 0 && _rows + rows.RowCount > _spec.MaxBatchSize)
            {
                // This request would overflow the batch: the batch goes now, and this one starts the next.
                overflowed = Take();
            }
            _waiting.Add(waiting);
            _rows += rows.RowCount;
            first = _waiting.Count == 1;
            if (_rows >= _spec.MaxBatchSize)
            {
                full = Take();
                first = false;
            }
        }
        if (overflowed is not null)
        {
            _ = Flush(overflowed);
        }
        if (full is not null)
        {
            _ = Flush(full);
        }
        if (first)
        {
            // The timer always counts from the current batch's first request; when it fires for a batch that already
            // went (full), it only sends the next batch sooner, never later.
            _timer.Change(_delay, Timeout.InfiniteTimeSpan);
        }
        return waiting.Task;
    }

    public void Dispose() => _timer.Dispose();

    private List<Waiting> Take()
    {
        var taken = _waiting;
        _waiting = new List<Waiting>(Math.Max(4, taken.Count));
        _rows = 0;
        return taken;
    }

    private void FlushDue()
    {
        List<Waiting> due;
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                return;
            }
            due = Take();
        }
        _ = Flush(due);
    }

    private async Task Flush(List<Waiting> batch)
    {
        try
        {
            var rows = batch.Count == 1 ? batch[0].Rows : Concat(batch);
            _measured?.Invoke(rows.RowCount, Stopwatch.GetElapsedTime(batch[0].Since).TotalMilliseconds);
            var result = await _score(rows).ConfigureAwait(false);
            var offset = 0;
            foreach (var waiting in batch)
            {
                waiting.TrySetResult(result.Slice(offset, waiting.Rows.RowCount));
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
            batch[0].TrySetException(error);
        }
    }

    private async Task Alone(Waiting waiting)
    {
        try
        {
            waiting.TrySetResult(await _score(waiting.Rows).ConfigureAwait(false));
        }
        catch (Exception error)
        {
            waiting.TrySetException(error);
        }
    }

    private static ColumnBatch Concat(List<Waiting> batch)
    {
        var first = batch[0].Rows;
        var columns = new Column[first.Columns.Length];
        var parts = new List<Column>(batch.Count);
        var rows = 0;
        foreach (var waiting in batch)
        {
            rows += waiting.Rows.RowCount;
        }
        for (var c = 0; c < columns.Length; c++)
        {
            parts.Clear();
            foreach (var waiting in batch)
            {
                parts.Add(waiting.Rows.Columns[c]);
            }
            columns[c] = ColumnRows.Concat(parts);
        }
        return new ColumnBatch(rows, columns);
    }

    /// <summary>
    /// A request in the queue, which is also the source of its answer (one object per request). Continuations run
    /// asynchronously: the batch's flush must not run every caller's response writing in turn on its own thread.
    /// </summary>
    private sealed class Waiting(ColumnBatch rows) : TaskCompletionSource<EndpointScore>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public ColumnBatch Rows { get; } = rows;

        public long Since { get; } = Stopwatch.GetTimestamp();
    }
}
