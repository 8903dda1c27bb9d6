namespace Mle.Bench.Load;

/// <summary>
/// Requests sent on a constant-rate schedule whether or not earlier ones have answered, with latency
/// measured from each request's intended send time. A stalled target therefore shows its stall in the
/// percentiles instead of silently slowing the generator down (no coordinated omission).
/// </summary>
public static class OpenLoopLoad
{
    public static Task<LoadResult> Run(HttpClient client, HttpTarget target, double requestsPerSecond, TimeSpan duration) =>
        Run(client, target, requestsPerSecond, duration, CancellationToken.None);

    /// <summary>As long as <paramref name="duration"/>, or until <paramref name="stop"/> (requests already sent are still timed).</summary>
    public static async Task<LoadResult> Run(HttpClient client, HttpTarget target, double requestsPerSecond, TimeSpan duration, CancellationToken stop)
    {
        var latencies = LatencyHistograms.Create();
        var gate = new Lock();
        var failed = 0L;
        var inFlight = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / requestsPerSecond;
        var total = (long)(requestsPerSecond * duration.TotalSeconds);
        for (var sequence = 0L; sequence < total && !stop.IsCancellationRequested; sequence++)
        {
            var intended = started + (long)(sequence * ticksPerRequest);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            // A late dispatcher is not hidden: the request is still timed from when it should have gone out.
            inFlight.Add(Send(sequence, intended));
        }
        await Task.WhenAll(inFlight);
        return LoadResult.From(latencies, failed, Stopwatch.GetElapsedTime(started));

        async Task Send(long sequence, long intended)
        {
            var ok = await ClosedLoopLoad.SendCounted(client, target, sequence);
            lock (gate)
            {
                if (ok)
                {
                    LatencyHistograms.RecordSince(latencies, intended);
                }
                else
                {
                    failed++;
                }
            }
        }
    }
}
