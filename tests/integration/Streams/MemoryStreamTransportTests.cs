using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Mle.Features;
using Mle.Streams;
using Mle.Tests.Integration.Infrastructure;
using Orleans.Streams;

namespace Mle.Tests.Integration.Streams;

/// <summary>
/// The embedded stream backend (<c>Mle:Streams:Provider</c> Memory) on a real silo: reads that wait for messages
/// instead of polling, events that stay objects inside a silo, and the queues' bound.
/// </summary>
public sealed class MemoryStreamTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_message_is_delivered_without_waiting_for_the_next_poll()
    {
        // A 10 s poll period: a poll-driven read would keep a message waiting 5 s on average, over 5 s half the time.
        var poll = TimeSpan.FromSeconds(10);
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Streams:PollPeriod"] = poll.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Mle:Streams:MemoryReadWait"] = "00:00:10",
            ["Mle:Streams:MemoryQueues"] = "1",
        });
        var (stream, arrived, subscription) = await Subscribe<string>(silo);

        // The agent's first read starts at a random point of its first poll period, and it pauses reading until the next
        // period while it looks up a new stream's subscribers: the first two messages may wait for a poll. From then on
        // the agent waits on the queue.
        foreach (var warmUp in (string[])["warm-up 1", "warm-up 2"])
        {
            await stream.OnNextAsync(warmUp);
            Assert.Equal(warmUp, await Next(arrived, Patience));
        }
        for (var i = 0; i < 10; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await stream.OnNextAsync($"m{i}");
            Assert.Equal($"m{i}", await Next(arrived, Patience));
            var waited = Stopwatch.GetElapsedTime(sent);
            Assert.True(waited < poll / 2, $"m{i} took {waited.TotalMilliseconds:0} ms, as if it had waited for a poll of {poll.TotalSeconds:0} s");
        }
        await subscription.UnsubscribeAsync();
    }

    [Fact]
    public async Task Inside_a_silo_an_immutable_item_arrives_as_produced_and_a_mutable_one_as_a_copy()
    {
        await using var silo = await TestSilo.StartAsync();
        var (events, arrivedEvents, eventsSubscription) = await Subscribe<FeatureEvent>(silo);
        var (lists, arrivedLists, listsSubscription) = await Subscribe<List<string>>(silo);

        var e = new FeatureEvent("e1", "k1", DateTimeOffset.UtcNow, new Dictionary<string, FeatureValue> { ["A"] = 1.0 });
        await events.OnNextAsync(e);
        var list = new List<string> { "a" };
        await lists.OnNextAsync(list);
        list.Add("changed after the producer's call returned");

        // FeatureEvent is [Immutable]: neither serialized nor copied on its way.
        Assert.Same(e, await Next(arrivedEvents, Patience));
        // A list is not: the consumer has the copy taken when it was produced, as a grain call argument would be.
        var received = await Next(arrivedLists, Patience);
        Assert.NotSame(list, received);
        Assert.Equal(["a"], received);
        await eventsSubscription.UnsubscribeAsync();
        await listsSubscription.UnsubscribeAsync();
    }

    [Fact]
    public async Task A_read_of_an_empty_queue_answers_as_soon_as_a_message_arrives()
    {
        await using var silo = await TestSilo.StartAsync();
        // A queue no agent reads (the provider's queues are mle/0 and mle/1).
        var queue = silo.Grains.GetGrain<IMemoryQueueGrain>($"{StreamNames.Provider}/unread-{Guid.NewGuid():N}");

        var read = queue.Dequeue(10, TimeSpan.FromSeconds(10));
        Assert.False(read.IsCompleted);
        await queue.Enqueue(Message("x"));

        var items = await read.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("x", Assert.Single(Assert.Single(items).Message.Events));
    }

    [Fact]
    public async Task A_read_woken_by_back_to_back_messages_gathers_the_ones_that_follow()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Streams:MemoryReadLinger"] = "00:00:00.1" });
        var queue = silo.Grains.GetGrain<IMemoryQueueGrain>($"{StreamNames.Provider}/unread-{Guid.NewGuid():N}");
        await queue.Enqueue(Message("m0"));
        Assert.Single(await queue.Dequeue(10, TimeSpan.Zero));

        // m1 follows m0 closely (the queue is busy): the read it wakes goes on gathering for the linger, and takes m2 too.
        var read = queue.Dequeue(10, TimeSpan.FromSeconds(10));
        await queue.Enqueue(Message("m1"));
        await queue.Enqueue(Message("m2"));

        var items = await read.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["m1", "m2"], items.Select(i => (string)i.Message.Events[0]));
    }

    [Fact]
    public async Task A_cancelled_read_takes_nothing_from_the_queue()
    {
        await using var silo = await TestSilo.StartAsync();
        var queue = silo.Grains.GetGrain<IMemoryQueueGrain>($"{StreamNames.Provider}/unread-{Guid.NewGuid():N}");
        using var cancel = new CancellationTokenSource();

        var read = queue.Dequeue(10, TimeSpan.FromSeconds(10), cancel.Token);
        cancel.Cancel();
        try
        {
            Assert.Empty(await read.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        catch (OperationCanceledException)
        {
            // Orleans may answer the cancelled call for the grain: either way, nothing was taken.
        }
        await queue.Enqueue(Message("kept"));

        Assert.Equal("kept", Assert.Single(Assert.Single(await queue.Dequeue(10, TimeSpan.Zero)).Message.Events));
    }

    [Fact]
    public async Task A_full_queue_refuses_the_next_message_naming_the_setting_and_keeps_the_ones_it_holds()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Streams:MemoryQueueCapacity"] = "2" });
        var queue = silo.Grains.GetGrain<IMemoryQueueGrain>($"{StreamNames.Provider}/unread-{Guid.NewGuid():N}");
        await queue.Enqueue(Message("first"));
        await queue.Enqueue(Message("second"));

        var full = await Assert.ThrowsAsync<InvalidOperationException>(() => queue.Enqueue(Message("third")));

        Assert.Contains("Mle:Streams:MemoryQueueCapacity", full.Message, StringComparison.Ordinal);
        var items = await queue.Dequeue(10, TimeSpan.Zero);
        Assert.Equal(["first", "second"], items.Select(i => (string)i.Message.Events[0]));
        Assert.True(items[0].Sequence < items[1].Sequence);
    }

    private static MemoryQueueMessage Message(string item) =>
        new(StreamId.Create("transport-tests", "default/q"), [item], null);

    private static async Task<(IAsyncStream<T> Stream, Channel<T> Arrived, StreamSubscriptionHandle<T> Subscription)> Subscribe<T>(TestSilo silo)
    {
        var streams = silo.Services.GetRequiredKeyedService<IStreamProvider>(StreamNames.Provider);
        var stream = streams.GetStream<T>(StreamId.Create("transport-tests", $"default/{Guid.NewGuid():N}"));
        var arrived = Channel.CreateUnbounded<T>();
        var subscription = await stream.SubscribeAsync((item, _) => arrived.Writer.WriteAsync(item).AsTask());
        return (stream, arrived, subscription);
    }

    private static async Task<T> Next<T>(Channel<T> arrived, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await arrived.Reader.ReadAsync(deadline.Token);
    }
}
