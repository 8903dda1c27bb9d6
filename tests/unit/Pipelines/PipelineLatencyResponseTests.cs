using Mle.Pipelines;
using Mle.Silo.Api.Pipelines;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>The latency of <c>GET /api/v1/pipelines/{name}</c>: bucket bounds, and an honest answer beyond the last one.</summary>
public sealed class PipelineLatencyResponseTests
{
    private static LatencyHistogram Histogram(params (double Milliseconds, long Count)[] latencies)
    {
        var counts = new long[LatencyHistogram.Bounds.Count + 1];
        foreach (var (milliseconds, count) in latencies)
        {
            counts[LatencyHistogram.Bucket(milliseconds)] += count;
        }
        return new LatencyHistogram(counts);
    }

    [Fact]
    public void Quantiles_within_the_buckets_are_their_upper_bounds_and_exceed_nothing()
    {
        var latency = LatencyResponse.From(Histogram((3, 98), (150, 2)));

        Assert.Equal((5, 200), (latency.P50, latency.P99));
        Assert.Equal((null, null), (latency.P50Exceeds, latency.P99Exceeds));
    }

    [Fact]
    public void A_quantile_beyond_the_last_bucket_says_it_exceeds_the_last_bound_instead_of_a_huge_number()
    {
        var latency = LatencyResponse.From(Histogram((3, 60), (120_000, 40)));

        Assert.Equal(5, latency.P50);
        Assert.Null(latency.P50Exceeds);
        Assert.Null(latency.P99);
        Assert.Equal(LatencyHistogram.Bounds[^1], latency.P99Exceeds);
        Assert.Null(Assert.Single(latency.Buckets, b => b.Count == 40).Le);
    }

    [Fact]
    public void Nothing_counted_is_no_quantile_at_all()
    {
        var latency = LatencyResponse.From(LatencyHistogram.Empty);

        Assert.Equal((null, null, null, null), (latency.P50, latency.P99, latency.P50Exceeds, latency.P99Exceeds));
    }
}
