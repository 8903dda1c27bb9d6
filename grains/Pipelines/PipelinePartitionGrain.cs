using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Features;
using Mle.Pipelines.Execution;
using Mle.Streams;
using Orleans.Placement;
using Orleans.Streams;

namespace Mle.Pipelines;

/// <summary>
/// Consumes one partition of a pipeline's input, one delivery at a time (the grain is not reentrant, so a run change
/// waits for the delivery in progress: versions switch at batch boundaries). A delivery is every batch the stream had
/// queued for the partition, up to <c>Mle:Streams:DeliveryBatchSize</c> of them: under load, many small pushes come
/// together, and they are processed together, up to <see cref="PipelinesOptions.MaxEventsPerCall"/> events per call,
/// so the cost of a worker call and a sink write is paid per delivery, not per push (and reports are added up per silo,
/// <see cref="PipelineReports"/>). Running, it hands the
/// events to a stateless worker on this silo and reports the outcome to the pipeline; paused, it keeps them in its
/// state, written through before the stream delivery completes, and processes them in order on resume before
/// anything newer; otherwise it dead-letters them (never silently dropped). Batches of a stream source arrive by
/// <see cref="Deliver"/> from <see cref="PipelineSourceGrain"/> and are handled alike.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Pipelines)]
// Spread over the silos: the default placement prefers the caller's silo, and a deploy activates every partition
// from the pipeline grain's, which would put all of them, and all of the work, on one silo.
[RandomPlacement]
public sealed partial class PipelinePartitionGrain(
    [PersistentState("partition", StorageNames.Registry)] IPersistentState<PipelinePartitionState> state,
    PipelineProcessor processor,
    PipelineReports reports,
    IOptions<PipelinesOptions> options,
    ILogger<PipelinePartitionGrain> logger)
    : Grain, IPipelinePartitionGrain
{
    private PipelineRef _pipeline;
    private int _partition;

    private IPipelineGrain Pipeline => GrainFactory.GetGrain<IPipelineGrain>(_pipeline.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _pipeline = PipelineRef.ParseKey(key);
        _partition = int.Parse(key[(key.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await this.GetStreamProvider(StreamNames.Provider)
            .GetStream<PipelineEventBatch>(StreamId.Create(StreamNames.Pipelines, key))
            .SubscribeAsync(OnDelivery);
        // A run change told while this partition was not active (or lost on the way) is read here.
        var run = await Pipeline.Run();
        if (state.State.Run is null || run.Epoch >= state.State.Run.Epoch || run.Generation != state.State.Run.Generation)
        {
            await Adopt(run);
        }
    }

    public async Task Follow(PipelineRun run)
    {
        if (state.State.Run is { } current && run.Generation == current.Generation && run.Epoch < current.Epoch)
        {
            return;
        }
        await Adopt(run);
    }

    private async Task Adopt(PipelineRun run)
    {
        var changed = state.State.Run != run;
        state.State.Run = run;
        if (state.State.Kept.Count > 0 && run.State != PipelineState.Paused)
        {
            // Resumed: what was kept goes first, in order. Stopped (or gone): what was kept is dead-lettered, replayable.
            while (state.State.Kept.Count > 0)
            {
                var batch = state.State.Kept[0];
                if (run.State == PipelineState.Running)
                {
                    await Process(run, batch);
                }
                else
                {
                    await Refuse(run, batch, "stopped while these events were kept for it");
                }
                state.State.Kept.RemoveAt(0);
                await state.WriteStateAsync();
            }
            return;
        }
        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task Deliver(PipelineEventBatch batch) => OnBatches([batch]);

    private Task OnDelivery(IList<SequentialItem<PipelineEventBatch>> items) =>
        OnBatches(PipelineEventBatches.Coalesce(items.Select(i => i.Item), options.Value.MaxEventsPerCall));

    private async Task OnBatches(IReadOnlyList<PipelineEventBatch> batches)
    {
        var run = state.State.Run ?? new PipelineRun(PipelineState.Draft, null, 0, 0);
        switch (run.State)
        {
            case PipelineState.Running:
                foreach (var batch in batches)
                {
                    await Process(run, batch);
                }
                break;
            case PipelineState.Paused:
                EnsureRoomForSource(batches);
                state.State.Kept.AddRange(batches);
                await state.WriteStateAsync();
                break;
            default:
                foreach (var batch in batches)
                {
                    await Refuse(run, batch, $"{run.State} when they arrived");
                }
                break;
        }
    }

    /// <summary>
    /// Refuses source batches beyond this partition's share of <see cref="PipelinesOptions.MaxKeptSourceEvents"/>: the
    /// source's delivery fails, so its stream keeps them unacknowledged and delivers them again later.
    /// </summary>
    private void EnsureRoomForSource(IReadOnlyList<PipelineEventBatch> batches)
    {
        var arriving = batches.Where(b => b.FromSource).Sum(b => b.Events.Count);
        if (arriving == 0)
        {
            return;
        }
        var bound = options.Value.MaxKeptSourceEvents;
        // The share of the current setting: a pipeline created under another one is still bounded, at most by a multiple.
        var share = (int)Math.Ceiling(bound / (double)options.Value.Partitions);
        long kept = state.State.Kept.Where(b => b.FromSource).Sum(b => b.Events.Count);
        // A partition that keeps nothing takes a delivery whatever its size: one larger than the share never blocks.
        if (kept > 0 && kept + arriving > share)
        {
            throw MleErrors.PipelineSourceKeptFull(_pipeline.Name, _partition, kept, arriving, share, bound);
        }
    }

    private async Task Process(PipelineRun run, PipelineEventBatch batch)
    {
        var events = batch.Events;
        BatchReport report;
        try
        {
            report = await GrainFactory.GetGrain<IPipelineWorkerGrain>(0).Process(_pipeline.Key, run, events);
        }
        catch (Exception error)
        {
            LogBatchFailed(logger, _pipeline.Key, events.Count, error);
            report = await DeadLetter(events, "source", error, run.Version);
        }
        await Report(report, batch);
    }

    private async Task Refuse(PipelineRun run, PipelineEventBatch batch, string why) =>
        await Report(await DeadLetter(batch.Events, "source",
            new MleException(ErrorCodes.PipelineStateConflict, $"Pipeline '{_pipeline.Name}' was {why}."), run.Version), batch);

    private async Task<BatchReport> DeadLetter(IReadOnlyList<FeatureEvent> events, string step, Exception error, int? version)
    {
        await GrainFactory.GetGrain<IPipelineDeadLettersGrain>(_pipeline.Key)
            .Add([.. events.Select(e => processor.DeadLetter(step, e, error, version))]);
        return new BatchReport(events.Count, new PipelineCounters(events.Count, 0, 0, events.Count, events.Count), [], LatencyHistogram.Empty);
    }

    private Task Report(BatchReport report, PipelineEventBatch batch)
    {
        // A source stream's batch was never admitted: it takes nothing off the in-flight count. Added up with this
        // silo's other reports of the pipeline and sent on a short period: counters are best effort, and the events
        // themselves are done.
        reports.Add(_pipeline.Key, batch.FromSource ? report with { Events = 0 } : report);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} events of pipeline {Pipeline} could not be processed; it was dead-lettered.")]
    private static partial void LogBatchFailed(ILogger logger, string pipeline, int count, Exception error);
}
