using Mle.Features;
using Mle.Pipelines;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>How a partition joins the batches of one stream delivery before processing them.</summary>
public sealed class PipelineEventBatchesTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PipelineEventBatch Batch(string prefix, int events, bool fromSource = false) =>
        new([.. Enumerable.Range(0, events).Select(i => new FeatureEvent($"{prefix}{i}", "", At, new Dictionary<string, FeatureValue>()))], At, fromSource);

    private static string[] Ids(PipelineEventBatch batch) => [.. batch.Events.Select(e => e.Id)];

    [Fact]
    public void Small_pushes_delivered_together_are_processed_as_one_batch_in_order()
    {
        var joined = PipelineEventBatches.Coalesce([Batch("a", 2), Batch("b", 1), Batch("c", 3)], maxEvents: 1000);

        var batch = Assert.Single(joined);
        Assert.Equal(["a0", "a1", "b0", "c0", "c1", "c2"], Ids(batch));
    }

    [Fact]
    public void Batches_are_joined_up_to_the_bound_and_a_larger_push_stays_whole()
    {
        var joined = PipelineEventBatches.Coalesce([Batch("a", 3), Batch("b", 2), Batch("c", 7), Batch("d", 1)], maxEvents: 5);

        Assert.Equal([["a0", "a1", "a2", "b0", "b1"], ["c0", "c1", "c2", "c3", "c4", "c5", "c6"], ["d0"]], joined.Select(Ids));
    }

    [Fact]
    public void Source_batches_are_never_joined_with_pushed_ones_which_alone_were_admitted()
    {
        var joined = PipelineEventBatches.Coalesce([Batch("a", 1), Batch("s", 1, fromSource: true), Batch("t", 1, fromSource: true), Batch("b", 1)], maxEvents: 1000);

        Assert.Equal([false, true, false], joined.Select(b => b.FromSource));
        Assert.Equal([["a0"], ["s0", "t0"], ["b0"]], joined.Select(Ids));
    }

    [Fact]
    public void A_single_batch_is_passed_on_as_it_is()
    {
        var only = Batch("a", 4);

        Assert.Same(only, Assert.Single(PipelineEventBatches.Coalesce([only], maxEvents: 2)));
        Assert.Empty(PipelineEventBatches.Coalesce([], maxEvents: 2));
    }
}
