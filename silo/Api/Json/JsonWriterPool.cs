using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Mle.Silo.Api.Json;

/// <summary>
/// Reused <see cref="Utf8JsonWriter"/>s for response bodies: a writer is a few hundred bytes of state, allocated on
/// every scoring response otherwise. Bounded, so a burst leaves at most a few idle writers behind.
/// </summary>
internal static class JsonWriterPool
{
    private static readonly int MaxIdle = Environment.ProcessorCount * 4;
    private static readonly ConcurrentQueue<Utf8JsonWriter> Idle = new();
    private static int _idle;
    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        if (Idle.TryDequeue(out var writer))
        {
            Interlocked.Decrement(ref _idle);
            writer.Reset(output);
            return writer;
        }
        return new Utf8JsonWriter(output);
    }

    /// <summary>Gives a writer back once its output is flushed; it forgets the response it wrote to.</summary>
    public static void Return(Utf8JsonWriter writer)
    {
        // Reset(Stream) would allocate a buffer writer for the stream on every return; this one is never written to.
        writer.Reset(Detached);
        if (Interlocked.Increment(ref _idle) <= MaxIdle)
        {
            Idle.Enqueue(writer);
        }
        else
        {
            Interlocked.Decrement(ref _idle);
            writer.Dispose();
        }
    }
}
