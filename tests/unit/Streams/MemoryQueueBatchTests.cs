using Mle.Streams;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;

namespace Mle.Tests.Unit.Streams;

public sealed class MemoryQueueBatchTests
{
    private static readonly StreamId Stream = StreamId.Create("pipelines", "default/p/0");

    [Fact]
    public void Events_come_out_in_order_each_with_the_message_sequence_and_its_own_index()
    {
        var batch = new MemoryQueueBatch(new MemoryQueueItem(42, new MemoryQueueMessage(Stream, ["a", "b", "c"], null)));

        var events = batch.GetEvents<string>().ToList();

        Assert.Equal(Stream, batch.StreamId);
        Assert.Equal(new EventSequenceTokenV2(42), batch.SequenceToken);
        Assert.Equal(["a", "b", "c"], events.Select(e => e.Item1));
        Assert.Equal([0, 1, 2], events.Select(e => ((EventSequenceTokenV2)e.Item2).EventIndex));
        Assert.All(events, e => Assert.Equal(42, e.Item2.SequenceNumber));
    }

    [Fact]
    public void A_consumer_of_one_type_gets_only_the_events_of_that_type_at_their_own_index()
    {
        var batch = new MemoryQueueBatch(new MemoryQueueItem(7, new MemoryQueueMessage(Stream, ["a", 1, "b"], null)));

        var strings = batch.GetEvents<string>().ToList();

        Assert.Equal(["a", "b"], strings.Select(e => e.Item1));
        Assert.Equal([0, 2], strings.Select(e => ((EventSequenceTokenV2)e.Item2).EventIndex));
    }

    [Fact]
    public void A_null_event_is_delivered_as_null_not_dropped()
    {
        var batch = new MemoryQueueBatch(new MemoryQueueItem(3, new MemoryQueueMessage(Stream, ["a", null!, "b"], null)));

        var events = batch.GetEvents<string>().ToList();

        Assert.Equal(["a", null, "b"], events.Select(e => e.Item1));
        Assert.Equal([0, 1, 2], events.Select(e => ((EventSequenceTokenV2)e.Item2).EventIndex));
    }

    [Fact]
    public void The_producers_request_context_comes_along_and_an_empty_one_is_not_imported()
    {
        var withContext = new MemoryQueueBatch(new MemoryQueueItem(1, new MemoryQueueMessage(Stream, ["a"], new Dictionary<string, object> { ["trace"] = "t-1" })));
        var without = new MemoryQueueBatch(new MemoryQueueItem(2, new MemoryQueueMessage(Stream, ["a"], null)));
        RequestContext.Clear();
        try
        {
            Assert.False(without.ImportRequestContext());
            Assert.True(withContext.ImportRequestContext());
            Assert.Equal("t-1", RequestContext.Get("trace"));
        }
        finally
        {
            RequestContext.Clear();
        }
    }
}
