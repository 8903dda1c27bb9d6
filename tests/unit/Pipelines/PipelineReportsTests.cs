using Mle.Pipelines;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>How a silo adds up the reports of the batches it processed before sending them to the pipeline.</summary>
public sealed class PipelineReportsTests
{
    private static LatencyHistogram Latency(int bucket, long count)
    {
        var counts = new long[LatencyHistogram.Bounds.Count + 1];
        counts[bucket] = count;
        return new LatencyHistogram(counts);
    }

    [Fact]
    public void Two_reports_add_up_to_every_count_of_both_with_steps_matched_by_name()
    {
        var first = new BatchReport(10, new PipelineCounters(10, 6, 4, 0, 0),
            [new StepCounters("keep", "filter", new PipelineCounters(10, 6, 4, 0, 0)), new StepCounters("score", "score", new PipelineCounters(6, 6, 0, 0, 0))],
            Latency(2, 6), "silo-a");
        var second = new BatchReport(5, new PipelineCounters(5, 2, 2, 1, 1),
            [new StepCounters("keep", "filter", new PipelineCounters(5, 3, 2, 0, 0)), new StepCounters("score", "score", new PipelineCounters(3, 2, 0, 1, 1)),
             new StepCounters("late", "map", new PipelineCounters(2, 2, 0, 0, 0))],
            Latency(4, 2), "silo-a");

        var sum = PipelineReports.Sum(first, second);

        Assert.Equal(15, sum.Events);
        Assert.Equal(new PipelineCounters(15, 8, 6, 1, 1), sum.Counters);
        Assert.Equal(
            [("keep", new PipelineCounters(15, 9, 6, 0, 0)), ("score", new PipelineCounters(9, 8, 0, 1, 1)), ("late", new PipelineCounters(2, 2, 0, 0, 0))],
            sum.Steps.Select(s => (s.Step, s.Counters)));
        Assert.Equal(8, sum.Latency.Count);
        Assert.Equal((6, 2), (sum.Latency.Counts[2], sum.Latency.Counts[4]));
        Assert.Equal("silo-a", sum.Silo);
    }
}
