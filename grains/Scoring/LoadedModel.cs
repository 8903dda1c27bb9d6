using Mle.Registry;
using Mle.Schema;

namespace Mle.Scoring;

/// <summary>
/// A model loaded into memory and shared by every scoring activation in the silo. Reference counted:
/// the cache holds one reference and every <see cref="ModelLease"/> another, so a model evicted while a
/// call is still scoring with it is freed (an ONNX session disposed) only when that call ends.
/// </summary>
public abstract class LoadedModel
{
    private int _references = 1;

    protected LoadedModel(ModelSchema schema) => Schema = schema;

    public abstract ModelFlavor Flavor { get; }

    /// <summary>The inputs a caller must supply and the outputs a prediction carries.</summary>
    public ModelSchema Schema { get; }

    /// <summary>Creates an engine for one caller at a time; cheap enough per activation, not per call.</summary>
    public abstract IScoringEngine CreateEngine(ScoringOptions options);

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
            Free();
        }
    }

    /// <summary>Frees native resources; called once, when no one uses the model any more.</summary>
    protected abstract void Free();
}
