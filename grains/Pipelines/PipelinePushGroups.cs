using System.Collections.Concurrent;
using Mle.Features;

namespace Mle.Pipelines;

/// <summary>
/// Joins the pushes one silo receives for one pipeline while an earlier publish of that pipeline is still going on, so
/// that they go onto each partition's input stream as one message instead of one per push (routed by entity, small
/// pushes touch most partitions: a push of 10 events is about 6 stream messages over 8 partitions; routed whole, a
/// group is one message, on the partition after the previous group's). Nothing waits for company: a push that finds no
/// publish going on is published at once; only pushes that would have queued behind one are joined. Groups of a
/// pipeline are published one after another, in the order they were opened, so a push acknowledged before the next
/// one was made is ahead of it on every partition (by entity: one entity's events stay in order). A group holds at most
/// <c>maxEvents</c> events (a larger push is a group of its own). Each push learns how many of its own events were
/// published, so a failure gives back exactly the in-flight admission of the rest.
/// </summary>
public sealed class PipelinePushGroups
{
    private readonly ConcurrentDictionary<(string Pipeline, int Partitions, bool Whole), Lane> _lanes = new();

    /// <summary>
    /// Publishes <paramref name="events"/> (spread over partitions by <paramref name="routing"/>), joined with the
    /// other pushes of <paramref name="pipeline"/> waiting at the same time; <paramref name="send"/> writes one
    /// partition's events. Returns how many of these events were published, and the failure if not all were.
    /// </summary>
    public async Task<PushPublished> Publish(
        string pipeline, IReadOnlyList<FeatureEvent> events, PushRouting routing, int maxEvents,
        Func<int, IReadOnlyList<FeatureEvent>, Task> send)
    {
        // Groups spread differently are never joined.
        var lane = _lanes.GetOrAdd(
            (pipeline, routing.Partitions, routing.ByEvent is null),
            static key => new Lane(Random.Shared.Next(Math.Max(1, key.Partitions))));
        Group group;
        int index;
        bool leads;
        lock (lane)
        {
            if (lane.Open is { } open && open.Events + events.Count <= maxEvents)
            {
                (group, leads) = (open, false);
            }
            else
            {
                group = new Group(lane.Last, lane.NextPartition(routing.Partitions));
                lane.Open = group;
                lane.Last = group.Done.Task;
                leads = true;
            }
            index = group.Add(events);
        }
        if (leads)
        {
            // Joiners are taken until the group before this one is published; then the group closes and goes.
            await group.Previous.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            lock (lane)
            {
                if (ReferenceEquals(lane.Open, group))
                {
                    lane.Open = null;
                }
            }
            await group.Send(routing.ByEvent, send);
        }
        var outcome = await group.Done.Task;
        var published = outcome.Published[index];
        // A push whose own events all went out is published, whatever became of the others' in its group.
        return new PushPublished(published, published < events.Count ? outcome.Failure : null);
    }

    private sealed class Lane(int first)
    {
        private int _next = first;

        public Group? Open { get; set; }

        public Task Last { get; set; } = Task.CompletedTask;

        /// <summary>The partition of the next group routed whole (called under the lane's lock).</summary>
        public int NextPartition(int partitions) => _next++ % Math.Max(1, partitions);
    }

    private sealed record Outcome(int[] Published, Exception? Failure);

    private sealed class Group(Task previous, int whole)
    {
        private readonly List<IReadOnlyList<FeatureEvent>> _pushes = [];

        public Task Previous { get; } = previous;

        public TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Events { get; private set; }

        public int Add(IReadOnlyList<FeatureEvent> events)
        {
            _pushes.Add(events);
            Events += events.Count;
            return _pushes.Count - 1;
        }

        public async Task Send(Func<FeatureEvent, int>? partitionOf, Func<int, IReadOnlyList<FeatureEvent>, Task> send)
        {
            try
            {
                Done.SetResult(await Sent(partitionOf ?? (_ => whole), send));
            }
            catch (Exception error)
            {
                // Every push of the group waits on this: it must learn the failure, never wait forever.
                Done.TrySetResult(new Outcome(new int[_pushes.Count], error));
            }
        }

        private async Task<Outcome> Sent(Func<FeatureEvent, int> partitionOf, Func<int, IReadOnlyList<FeatureEvent>, Task> send)
        {
            // Each partition's events in push order, and how many of each push's events it carries.
            var parts = new SortedDictionary<int, (List<FeatureEvent> Events, int[] PerPush)>();
            for (var p = 0; p < _pushes.Count; p++)
            {
                foreach (var e in _pushes[p])
                {
                    var partition = partitionOf(e);
                    if (!parts.TryGetValue(partition, out var part))
                    {
                        parts[partition] = part = ([], new int[_pushes.Count]);
                    }
                    part.Events.Add(e);
                    part.PerPush[p]++;
                }
            }
            var published = new int[_pushes.Count];
            Exception? failure = null;
            var sends = parts.Select(async part =>
            {
                await send(part.Key, part.Value.Events);
                return part.Value.PerPush;
            }).ToList();
            foreach (var sent in sends)
            {
                try
                {
                    var perPush = await sent;
                    for (var p = 0; p < published.Length; p++)
                    {
                        published[p] += perPush[p];
                    }
                }
                catch (Exception error)
                {
                    failure ??= error;
                }
            }
            return new Outcome(published, failure);
        }
    }
}

/// <summary>What publishing one push came to: how many of its events are on the input streams, and why not all, if not.</summary>
public readonly record struct PushPublished(int Events, Exception? Failure);
