using HdrHistogram;

namespace Mle.Bench.Load;

/// <summary>What one load run measured: completed and failed requests, throughput, latency percentiles in microseconds.</summary>
public sealed record LoadResult(long Completed, long Failed, TimeSpan Elapsed, double P50, double P99, double P999)
{
    public double Throughput => Completed / Elapsed.TotalSeconds;

    /// <summary>Percentiles are NaN when nothing completed: there is no latency to report.</summary>
    public static LoadResult From(HistogramBase latencies, long failed, TimeSpan elapsed) => latencies.TotalCount == 0
        ? new(0, failed, elapsed, double.NaN, double.NaN, double.NaN)
        : new(latencies.TotalCount, failed, elapsed,
            latencies.GetValueAtPercentile(50), latencies.GetValueAtPercentile(99), latencies.GetValueAtPercentile(99.9));
}
