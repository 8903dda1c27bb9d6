namespace Mle.Bench.Load;

/// <summary>
/// One caller making in-process calls back to back (the latency of a call when nothing else queues in front of it),
/// each timed alone into a histogram; the call's argument is its sequence number, to pick its inputs.
/// </summary>
public static class SequentialCalls
{
    public static async Task<LoadResult> Run(Func<long, Task> call, TimeSpan warmup, TimeSpan duration)
    {
        await Loop(call, warmup, record: false);
        return await Loop(call, duration, record: true);
    }

    private static async Task<LoadResult> Loop(Func<long, Task> call, TimeSpan duration, bool record)
    {
        var histogram = LatencyHistograms.Create();
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var sequence = 0L; Stopwatch.GetTimestamp() < stopAt; sequence++)
        {
            var sent = Stopwatch.GetTimestamp();
            await call(sequence);
            if (record)
            {
                LatencyHistograms.RecordSince(histogram, sent);
            }
        }
        return LoadResult.From(histogram, 0, Stopwatch.GetElapsedTime(started));
    }
}
