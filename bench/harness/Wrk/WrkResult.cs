namespace Mle.Bench.Wrk;

/// <summary>What wrk measured: requests per second, latency percentiles in microseconds, and failed requests.</summary>
public sealed record WrkResult(double Throughput, double P50, double P99, long Requests, long Failed);
