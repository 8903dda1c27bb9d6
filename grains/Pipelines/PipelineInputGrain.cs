using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Features;
using Mle.Streams;
using Orleans.Concurrency;
using Orleans.Streams;

namespace Mle.Pipelines;

/// <summary>
/// Admits and publishes pushes on the silo that receives them. The admission is taken before publishing (from the
/// silo's <see cref="PipelineAdmissions"/>) and given back for whatever could not be published, so the in-flight count
/// never leaks. Reentrant (it holds no state): the
/// pushes of one pipeline that arrive while one is being published wait together and are published together
/// (<see cref="PipelinePushGroups"/>), rather than queueing one by one behind a few activations.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class PipelineInputGrain(
    IOptions<LimitsOptions> limits, IOptions<PipelinesOptions> pipelines, PipelinePushGroups groups, PipelineAdmissions admissions, TimeProvider time)
    : Grain, IPipelineInputGrain
{
    public async Task<Admission> Push(string pipeline, IReadOnlyList<FeatureEvent> events)
    {
        var target = PipelineRef.ParseKey(pipeline);
        Validate(events);
        var grain = GrainFactory.GetGrain<IPipelineGrain>(target.Key);
        // Admitted on this silo from room the pipeline lent it: most pushes make no call to the pipeline's grain.
        var admission = await admissions.Admit(target.Key, events.Count);
        await Publish(target, grain, admission, events);
        return admission;
    }

    public async Task<int> Replay(string pipeline, int max)
    {
        var target = PipelineRef.ParseKey(pipeline);
        var grain = GrainFactory.GetGrain<IPipelineGrain>(target.Key);
        await grain.Get();
        var letters = GrainFactory.GetGrain<IPipelineDeadLettersGrain>(target.Key);
        var oldest = await letters.Oldest(Math.Clamp(max, 1, limits.Value.MaxEventsPerPush));
        if (oldest.Count == 0)
        {
            return 0;
        }
        var admission = await grain.Admit(oldest.Count);
        await Publish(target, grain, admission, [.. oldest.Select(l => l.Event)]);
        // Published first, removed after: a failure between the two replays a letter twice, never loses one.
        await letters.Remove([.. oldest.Select(l => l.Sequence)]);
        return oldest.Count;
    }

    private void Validate(IReadOnlyList<FeatureEvent> events)
    {
        if (events.Count == 0)
        {
            throw MleErrors.InvalidRequest("The push has no events: {\"events\": [{\"id\": \"e1\", \"time\": \"...\", \"values\": {...}}]}.", "events");
        }
        if (events.Count > limits.Value.MaxEventsPerPush)
        {
            throw MleErrors.TooManyEvents(events.Count, limits.Value.MaxEventsPerPush);
        }
        for (var i = 0; i < events.Count; i++)
        {
            if (string.IsNullOrEmpty(events[i]?.Id))
            {
                throw MleErrors.InvalidEvent($"events[{i}] has no id; a pipeline's outputs carry it, for deduplication.", $"events[{i}].id");
            }
        }
    }

    private async Task Publish(PipelineRef target, IPipelineGrain grain, Admission admission, IReadOnlyList<FeatureEvent> events)
    {
        var provider = this.GetStreamProvider(StreamNames.Provider);
        var partitions = admission.Partitions;
        // Joined with the pushes of the same pipeline arriving meanwhile on this silo: one stream message per partition
        // for all of them, published by whichever of their calls opened the group.
        var published = await groups.Publish(
            target.Key,
            events,
            admission.ByEntity ? PushRouting.ByEntity(partitions) : PushRouting.Whole(partitions),
            pipelines.Value.MaxEventsPerCall,
            (partition, part) => provider.GetStream<PipelineEventBatch>(StreamId.Create(StreamNames.Pipelines, target.PartitionKey(partition)))
                .OnNextAsync(new PipelineEventBatch(part, time.GetUtcNow())));
        if (published.Failure is { } failure)
        {
            await grain.Release(events.Count - published.Events);
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
