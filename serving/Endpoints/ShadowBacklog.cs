using System.Threading.Channels;

namespace Mle.Endpoints;

/// <summary>
/// Shadow scoring off the request path: a request hands its candidates' work here and goes on; a fixed number of
/// background workers run it. Bounded: when <c>capacity</c> pieces of work wait, new work is dropped and counted
/// (<see cref="Dropped"/>) rather than queued, so a slow candidate can never hold memory, threads or the primary's
/// latency hostage. A piece of work that fails is its own business (its metrics record it); nothing reaches the caller.
/// </summary>
public sealed class ShadowBacklog : IAsyncDisposable
{
    private readonly Channel<Func<CancellationToken, Task>> _work;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private long _dropped;
    private long _completed;

    /// <param name="capacity">Work items that may wait (<c>Mle:Endpoints:ShadowBacklogCapacity</c>).</param>
    /// <param name="workers">Work items run at once (<c>Mle:Endpoints:ShadowWorkers</c>).</param>
    public ShadowBacklog(int capacity, int workers)
    {
        _work = Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once instead of evicting older work
            SingleWriter = false,
            SingleReader = workers == 1,
        });
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(Work)).ToArray();
    }

    /// <summary>Work dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Work run to its end (successfully or not).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Queues <paramref name="work"/>, or drops it (and counts it) when the queue is full.</summary>
    public bool TryEnqueue(Func<CancellationToken, Task> work)
    {
        if (_work.Writer.TryWrite(work))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    private async Task Work()
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    await work(_stopping.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A shadow's failure is recorded by its own metrics and must never stop the workers.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
                Interlocked.Increment(ref _completed);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes no more work and waits for what is queued to be run (a silo stopping gracefully, a test).</summary>
    public async Task Drain()
    {
        _work.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
