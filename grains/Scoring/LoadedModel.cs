using System.Collections.Concurrent;
using Mle.Data;
using Mle.Registry;
using Mle.Schema;

namespace Mle.Scoring;

/// <summary>
/// A model loaded into memory and shared by every scoring activation in the silo. Reference counted:
/// the cache holds one reference and every <see cref="ModelLease"/> another, so a model evicted while a
/// call is still scoring with it is freed (an ONNX session disposed) only when that call ends.
/// </summary>
/// <remarks>
/// The model also owns its idle engines (row mappers, cursors, buffers): a call rents one and gives it back, so
/// nothing outside the model holds on to it between calls. Idle scoring activations therefore cannot keep an
/// evicted model alive, and the cache's bounds are the silo's bounds.
/// </remarks>
public abstract class LoadedModel
{
    // A queue and a count of our own, not a ConcurrentBag: the bag's Count takes every per-thread lock (and scoring
    // inline on request threads reaches here from many threads at once), and its per-thread lists live in
    // thread-local storage, which keeps an engine (and so an evicted model) reachable from every thread that used one.
    private readonly ConcurrentQueue<IScoringEngine> _idleEngines = new();
    private int _idleCount;
    private int _references = 1;

    protected LoadedModel(ModelSchema schema) => Schema = schema;

    public abstract ModelFlavor Flavor { get; }

    /// <summary>The inputs a caller must supply and the outputs a prediction carries.</summary>
    public ModelSchema Schema { get; }

    /// <summary>Creates an engine for one caller at a time; cheap enough to keep and reuse, not to build per call.</summary>
    public abstract IScoringEngine CreateEngine(ScoringOptions options);

    /// <summary>
    /// Scores validated rows with an idle engine of this model (a new one when all are busy), then keeps the engine
    /// for the next call: at most one per concurrent call, up to <see cref="ScoringOptions.MaxIdleEnginesPerModel"/>.
    /// </summary>
    public ColumnBatch Score(ColumnBatch rows, ScoringOptions options)
    {
        IScoringEngine engine;
        if (_idleEngines.TryDequeue(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            engine = idle;
        }
        else
        {
            engine = CreateEngine(options);
        }
        ColumnBatch predictions;
        try
        {
            predictions = engine.Score(rows);
        }
        catch
        {
            // An engine whose call threw may hold a half-filled buffer: it is dropped, not reused.
            engine.Dispose();
            throw;
        }
        if (Interlocked.Increment(ref _idleCount) <= options.MaxIdleEnginesPerModel)
        {
            _idleEngines.Enqueue(engine);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
            engine.Dispose();
        }
        return predictions;
    }

    /// <summary>Takes a reference unless the model was already freed (then the caller must load it again).</summary>
    internal bool TryRetain()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }
            current = seen;
        }
        return false;
    }

    /// <summary>Drops a reference; the last one frees the model's native resources.</summary>
    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            while (_idleEngines.TryDequeue(out var engine))
            {
                engine.Dispose();
            }
            Free();
        }
    }

    /// <summary>Frees native resources; called once, when no one uses the model any more.</summary>
    protected abstract void Free();
}
