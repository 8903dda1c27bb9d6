using Mle.Features;
using Mle.Pipelines;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>How one silo joins the pushes of a pipeline that arrive while an earlier one is being published.</summary>
public sealed class PipelinePushGroupsTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Events whose partition is the number after the colon in their id.</summary>
    private static List<FeatureEvent> Push(params string[] ids) =>
        [.. ids.Select(id => new FeatureEvent(id, "", At, new Dictionary<string, FeatureValue>()))];

    private static readonly PushRouting ByPartitionInId = new(8, PartitionOf);

    private static int PartitionOf(FeatureEvent e) => int.Parse(e.Id[(e.Id.IndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Records every stream message; the first one waits until <see cref="Release"/> when <c>hold</c> is set.</summary>
    private sealed class Streams(bool hold)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sends;

        public List<(int Partition, string[] Ids)> Messages { get; } = [];

        public Func<int, string> Fail { get; init; } = _ => "";

        public Task FirstArrived => _firstArrived.Task;

        public void Release() => _released.TrySetResult();

        public async Task Send(int partition, IReadOnlyList<FeatureEvent> events)
        {
            lock (Messages)
            {
                Messages.Add((partition, [.. events.Select(e => e.Id)]));
            }
            if (Interlocked.Increment(ref _sends) == 1 && hold)
            {
                _firstArrived.TrySetResult();
                await _released.Task;
            }
            if (Fail(partition) is { Length: > 0 } reason)
            {
                throw new InvalidOperationException(reason);
            }
        }
    }

    [Fact]
    public async Task A_push_that_finds_no_publish_going_on_goes_at_once_one_message_per_partition()
    {
        var groups = new PipelinePushGroups();
        var streams = new Streams(hold: false);

        var published = await groups.Publish("t/p", Push("a:0", "b:1", "c:0"), ByPartitionInId, 1000, streams.Send);

        Assert.Equal(new PushPublished(3, null), published);
        Assert.Equal([(0, new[] { "a:0", "c:0" }), (1, new[] { "b:1" })], streams.Messages.OrderBy(m => m.Partition).Select(m => (m.Partition, m.Ids)));
    }

    [Fact]
    public async Task Pushes_arriving_while_one_is_published_go_together_in_their_order_after_it()
    {
        var groups = new PipelinePushGroups();
        var streams = new Streams(hold: true);
        var first = groups.Publish("t/p", Push("a:0"), ByPartitionInId, 1000, streams.Send);
        await streams.FirstArrived;

        var second = groups.Publish("t/p", Push("b:0", "c:1"), ByPartitionInId, 1000, streams.Send);
        var third = groups.Publish("t/p", Push("d:1", "e:0"), ByPartitionInId, 1000, streams.Send);
        Assert.Single(streams.Messages);
        streams.Release();

        Assert.Equal([new PushPublished(1, null), new PushPublished(2, null), new PushPublished(2, null)], await Task.WhenAll(first, second, third));
        Assert.Equal(["a:0"], streams.Messages[0].Ids);
        Assert.Equal([(0, new[] { "b:0", "e:0" }), (1, new[] { "c:1", "d:1" })], streams.Messages.Skip(1).OrderBy(m => m.Partition).Select(m => (m.Partition, m.Ids)));
    }

    [Fact]
    public async Task A_group_holds_at_most_the_bound_and_other_pipelines_are_never_joined()
    {
        var groups = new PipelinePushGroups();
        var streams = new Streams(hold: true);
        var first = groups.Publish("t/p", Push("a:0"), ByPartitionInId, 3, streams.Send);
        await streams.FirstArrived;

        var second = groups.Publish("t/p", Push("b:0", "c:0"), ByPartitionInId, 3, streams.Send);
        var third = groups.Publish("t/p", Push("d:0", "e:0"), ByPartitionInId, 3, streams.Send);
        var other = groups.Publish("t/q", Push("f:0"), ByPartitionInId, 3, streams.Send);
        await other;
        streams.Release();
        await Task.WhenAll(first, second, third);

        Assert.Equal([["a:0"], ["f:0"], ["b:0", "c:0"], ["d:0", "e:0"]], streams.Messages.Select(m => m.Ids));
    }

    [Fact]
    public async Task When_a_partition_fails_each_push_it_held_learns_the_failure_and_how_many_of_its_own_events_were_published()
    {
        var groups = new PipelinePushGroups();
        var streams = new Streams(hold: true) { Fail = partition => partition == 1 ? "queue unavailable" : "" };
        var first = groups.Publish("t/p", Push("a:2"), ByPartitionInId, 1000, streams.Send);
        await streams.FirstArrived;

        var second = groups.Publish("t/p", Push("b:0", "c:1", "d:1"), ByPartitionInId, 1000, streams.Send);
        var third = groups.Publish("t/p", Push("e:0", "f:0"), ByPartitionInId, 1000, streams.Send);
        streams.Release();

        Assert.Equal(new PushPublished(1, null), await first);
        var (secondPublished, thirdPublished) = (await second, await third);
        Assert.Equal(1, secondPublished.Events);
        Assert.Equal("queue unavailable", Assert.IsType<InvalidOperationException>(secondPublished.Failure).Message);
        Assert.Equal(new PushPublished(2, null), thirdPublished);
    }

    [Fact]
    public async Task Pushes_routed_whole_are_one_message_each_on_the_partitions_in_turn()
    {
        var groups = new PipelinePushGroups();
        var streams = new Streams(hold: false);

        foreach (var push in new[] { Push("a:0", "b:1", "c:2"), Push("d:0", "e:1"), Push("f:3") })
        {
            Assert.Equal(new PushPublished(push.Count, null), await groups.Publish("t/p", push, PushRouting.Whole(4), 1000, streams.Send));
        }

        Assert.Equal([["a:0", "b:1", "c:2"], ["d:0", "e:1"], ["f:3"]], streams.Messages.Select(m => m.Ids));
        var first = streams.Messages[0].Partition;
        Assert.Equal([first, (first + 1) % 4, (first + 2) % 4], streams.Messages.Select(m => m.Partition));
    }

    [Fact]
    public async Task Pushes_joined_while_one_is_published_and_routed_whole_are_one_message_in_their_order()
    {
        var groups = new PipelinePushGroups();
        var streams = new Streams(hold: true);
        var first = groups.Publish("t/p", Push("a:0"), PushRouting.Whole(8), 1000, streams.Send);
        await streams.FirstArrived;

        var second = groups.Publish("t/p", Push("b:0", "c:1"), PushRouting.Whole(8), 1000, streams.Send);
        var third = groups.Publish("t/p", Push("d:1", "e:0"), PushRouting.Whole(8), 1000, streams.Send);
        streams.Release();
        await Task.WhenAll(first, second, third);

        Assert.Equal([["a:0"], ["b:0", "c:1", "d:1", "e:0"]], streams.Messages.Select(m => m.Ids));
    }

    [Fact]
    public void Only_a_pipeline_with_a_keyed_step_is_routed_by_entity_unless_every_pipeline_is()
    {
        var keyed = PipelineDefinitionReader.Read(Definitions.Fraud).Definition!;
        var writesBack = PipelineDefinitionReader.Read(Definitions.Diamond).Definition!;
        var stateless = keyed with { Steps = [.. keyed.Steps.Where(s => s is FilterStep or MapStep or ScoreStep or SinkStep)] };

        Assert.True(PipelinePartitions.ByEntity(keyed, always: false));
        Assert.True(PipelinePartitions.ByEntity(writesBack, always: false));
        Assert.False(PipelinePartitions.ByEntity(stateless, always: false));
        Assert.True(PipelinePartitions.ByEntity(stateless, always: true));
    }
}
