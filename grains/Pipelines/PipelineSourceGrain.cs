using Microsoft.Extensions.Logging;
using Mle.Errors;
using Mle.Features;
using Mle.Pipelines.Execution;
using Mle.Streams;
using Mle.Telemetry;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Mle.Pipelines;

/// <summary>
/// Consumes the source streams of one stream key (<c>{tenant}[/...]</c>) in every namespace that starts with
/// <see cref="PipelineSourceStreams.Prefix"/>: an implicit subscription, so the first event activates it and every
/// backend's producers (the SDK, an Azure Queue or Event Hubs producer) feed it alike. Each delivered batch goes to
/// the partitions of every pipeline this silo's <see cref="PipelineSources"/> says reads the namespace, by entity
/// when the pipeline has keyed steps, else whole onto its first event's partition; the delivery completes only once
/// every partition has processed, kept or dead-lettered its part, so a persistent backend redelivers what a crash interrupted (at least once; outputs carry the event id).
/// Events no pipeline reads are not kept. An event without an id goes to each reader's dead letters, and is counted
/// in its counters as in, failed and dead-lettered.
/// </summary>
[RegexImplicitStreamSubscription(PipelineSourceStreams.NamespacePattern)]
public sealed partial class PipelineSourceGrain(
    PipelineSources sources,
    PipelineProcessor processor,
    TimeProvider time,
    ILogger<PipelineSourceGrain> logger)
    : Grain, IPipelineSourceGrain, IStreamSubscriptionObserver
{
    /// <summary>Per namespace, the last delivery some partition refused (by its first token) and which parts were taken.</summary>
    private readonly Dictionary<string, (StreamSequenceToken First, HashSet<string> Taken)> _refused = new(StringComparer.Ordinal);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var streamNamespace = handleFactory.StreamId.GetNamespace() ?? "";
        // A batch observer: what a producer published in one call arrives in one call, and goes on as one batch.
        await handleFactory.Create<FeatureEvent>().ResumeAsync(
            (IList<SequentialItem<FeatureEvent>> items) => OnEvents(streamNamespace, items),
            (Exception _) => Task.CompletedTask);
    }

    private async Task OnEvents(string streamNamespace, IList<SequentialItem<FeatureEvent>> items)
    {
        var key = this.GetPrimaryKeyString();
        var tenant = PipelineSourceStreams.TenantOf(key);
        var readers = await sources.Readers(tenant, streamNamespace);
        if (readers.Readers.Count == 0)
        {
            LogUnread(logger, items.Count, streamNamespace, key);
            return;
        }
        var accepted = time.GetUtcNow();
        var events = new List<FeatureEvent>(items.Count);
        var unnamed = new List<FeatureEvent>();
        foreach (var item in items)
        {
            (string.IsNullOrEmpty(item.Item?.Id) ? unnamed : events).Add(item.Item!);
        }
        // A delivery refused by one partition (a paused pipeline whose kept share is full) comes again whole: the parts
        // other partitions already took are not given to them twice.
        var first = items[0].Token;
        var taken = first is not null && _refused.TryGetValue(streamNamespace, out var refused) && first.Equals(refused.First) ? refused.Taken : [];
        try
        {
            await Task.WhenAll(readers.Readers.Select(reader => Deliver(PipelineRef.Create(tenant, reader.Pipeline), reader.Partitions, reader.ByEntity, events, unnamed, accepted, taken)));
            _refused.Remove(streamNamespace);
        }
        catch when (first is not null)
        {
            _refused[streamNamespace] = (first, taken);
            throw;
        }
    }

    private async Task Deliver(PipelineRef pipeline, int partitions, bool byEntity, List<FeatureEvent> events, List<FeatureEvent> unnamed, DateTimeOffset accepted, HashSet<string> taken)
    {
        if (unnamed.Count > 0 && !taken.Contains(pipeline.Key))
        {
            var missing = MleErrors.InvalidEvent("The event has no id; a pipeline's outputs carry it, for deduplication.", "id");
            await GrainFactory.GetGrain<IPipelineDeadLettersGrain>(pipeline.Key)
                .Add([.. unnamed.Select(e => processor.DeadLetter("source", e ?? new FeatureEvent("", "", accepted, new Dictionary<string, FeatureValue>()), missing, null))]);
            // Counted like any event that failed: in, failed and dead-lettered. Never admitted, so nothing comes off the
            // in-flight count.
            var counters = new PipelineCounters(unnamed.Count, 0, 0, unnamed.Count, unnamed.Count);
            await GrainFactory.GetGrain<IPipelineGrain>(pipeline.Key).Completed(new BatchReport(0, counters, [], LatencyHistogram.Empty));
            taken.Add(pipeline.Key);
        }
        // By entity for a pipeline with keyed steps; otherwise the whole batch to its first event's partition (one call
        // instead of one per partition; the next batch comes only once this one is done, so the order holds anyway).
        int PartitionOf(FeatureEvent e) => PipelinePartitions.Of(string.IsNullOrEmpty(e.Entity) ? e.Id : e.Entity, Math.Max(1, partitions));
        var whole = byEntity || events.Count == 0 ? -1 : PartitionOf(events[0]);
        await Task.WhenAll(events
            .GroupBy(e => whole >= 0 ? whole : PartitionOf(e))
            .Where(part => !taken.Contains(pipeline.PartitionKey(part.Key)))
            .Select(async part =>
            {
                var partition = pipeline.PartitionKey(part.Key);
                await GrainFactory.GetGrain<IPipelinePartitionGrain>(partition).Deliver(new PipelineEventBatch([.. part], accepted, FromSource: true));
                taken.Add(partition);
            }));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} events of stream {Namespace}/{Key} were not kept: no pipeline reads that namespace.")]
    private static partial void LogUnread(ILogger logger, int count, string @namespace, string key);
}
