using Microsoft.ML;

namespace Mle.Scoring.MlNet;

/// <summary>
/// The ML.NET environments models are loaded into, shared by every model of the silo. An <see cref="MLContext"/>
/// carries a component catalog of its own, and a loaded model keeps its context for life: one context per model
/// made each of a silo's hot models carry its own copy. One context per core keeps loads parallel; each context
/// loads one model at a time, since loading is not documented as safe to run concurrently on one context.
/// </summary>
internal static class SharedMlContexts
{
    private static readonly Slot[] Slots = [.. Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new Slot())];
    private static int _next;

    /// <summary>Runs <paramref name="load"/> on one of the shared contexts, alone on it.</summary>
    public static T Load<T>(Func<MLContext, T> load)
    {
        var slot = Slots[(uint)Interlocked.Increment(ref _next) % (uint)Slots.Length];
        lock (slot.Gate)
        {
            return load(slot.Context);
        }
    }

    private sealed class Slot
    {
        public MLContext Context { get; } = new();

        public Lock Gate { get; } = new();
    }
}
