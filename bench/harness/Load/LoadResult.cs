using HdrHistogram;

namespace Orleans.Mle.Bench.Load;

/// <summary>What one load run measured: completed and failed requests, throughput, latency percentiles in microseconds.</summary>
public sealed record LoadResult(long Completed, long Failed, TimeSpan Elapsed, double P50, double P99, double P999)
{
    public double Throughput => Completed / Elapsed.TotalSeconds;

    public static LoadResult From(HistogramBase latencies, long failed, TimeSpan elapsed) => new(
        latencies.TotalCount, failed, elapsed,
        latencies.GetValueAtPercentile(50), latencies.GetValueAtPercentile(99), latencies.GetValueAtPercentile(99.9));
}
