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
/// the partitions of every pipeline this silo's <see cref="PipelineSources"/> says reads the namespace, spread by
/// entity as pushes are; the delivery completes only once every partition has processed, kept or dead-lettered its
/// part, so a persistent backend redelivers what a crash interrupted (at least once; outputs carry the event id).
/// Events no pipeline reads are not kept. An event without an id goes to each reader's dead letters.
/// </summary>
[RegexImplicitStreamSubscription(PipelineSourceStreams.NamespacePattern)]
public sealed partial class PipelineSourceGrain(
    PipelineSources sources,
    PipelineProcessor processor,
    TimeProvider time,
    ILogger<PipelineSourceGrain> logger)
    : Grain, IPipelineSourceGrain, IStreamSubscriptionObserver
{
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
        await Task.WhenAll(readers.Readers.Select(reader => Deliver(PipelineRef.Create(tenant, reader.Pipeline), reader.Partitions, events, unnamed, accepted)));
    }

    private async Task Deliver(PipelineRef pipeline, int partitions, List<FeatureEvent> events, List<FeatureEvent> unnamed, DateTimeOffset accepted)
    {
        if (unnamed.Count > 0)
        {
            var missing = MleErrors.InvalidEvent("The event has no id; a pipeline's outputs carry it, for deduplication.", "id");
            await GrainFactory.GetGrain<IPipelineDeadLettersGrain>(pipeline.Key)
                .Add([.. unnamed.Select(e => processor.DeadLetter("source", e ?? new FeatureEvent("", "", accepted, new Dictionary<string, FeatureValue>()), missing, null))]);
        }
        await Task.WhenAll(events
            .GroupBy(e => PipelinePartitions.Of(string.IsNullOrEmpty(e.Entity) ? e.Id : e.Entity, Math.Max(1, partitions)))
            .Select(part => GrainFactory.GetGrain<IPipelinePartitionGrain>(pipeline.PartitionKey(part.Key))
                .Deliver(new PipelineEventBatch([.. part], accepted, FromSource: true))));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} events of stream {Namespace}/{Key} were not kept: no pipeline reads that namespace.")]
    private static partial void LogUnread(ILogger logger, int count, string @namespace, string key);
}
