namespace Mle.Bench.Load;

/// <summary>
/// A fixed number of callers, each sending its next request as soon as the previous one answers: the
/// throughput the target sustains at that concurrency. Each caller keeps its own histogram (no locks on
/// the hot path); they are merged at the end.
/// </summary>
public static class ClosedLoopLoad
{
    public static async Task<LoadResult> Run(HttpClient client, HttpTarget target, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        await RunCallers(client, target, concurrency, warmup, record: false);
        return await RunCallers(client, target, concurrency, duration, record: true);
    }

    private static async Task<LoadResult> RunCallers(HttpClient client, HttpTarget target, int concurrency, TimeSpan duration, bool record)
    {
        var histograms = Enumerable.Range(0, concurrency).Select(_ => LatencyHistograms.Create()).ToArray();
        var failures = new long[concurrency];
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sequence = -1L;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var sent = Stopwatch.GetTimestamp();
                var ok = await SendCounted(client, target, Interlocked.Increment(ref sequence));
                if (!ok)
                {
                    failures[caller]++;
                }
                else if (record)
                {
                    LatencyHistograms.RecordSince(histograms[caller], sent);
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var total = LatencyHistograms.Create();
        foreach (var histogram in histograms)
        {
            total.Add(histogram);
        }
        return LoadResult.From(total, failures.Sum(), elapsed);
    }

    internal static async Task<bool> SendCounted(HttpClient client, HttpTarget target, long sequence)
    {
        try
        {
            return await target.Send(client, sequence, CancellationToken.None);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            // The client's timeout: the request failed, the run goes on.
            return false;
        }
    }
}
