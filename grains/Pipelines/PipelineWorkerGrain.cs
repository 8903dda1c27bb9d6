using System.Diagnostics;
using Mle.Errors;
using Mle.Features;
using Mle.Pipelines.Execution;
using Mle.Serving;
using Mle.Streams;
using Mle.Telemetry;
using Orleans.Concurrency;

namespace Mle.Pipelines;

/// <summary>
/// Runs batches of pipelines' events on the silo of the partition that calls it (a stateless worker: as many
/// activations as the silo needs, no state a failover must move). The plan comes from this silo's
/// <see cref="PipelinePlans"/>; failed events are written to the pipeline's dead letters before the batch is reported.
/// </summary>
[StatelessWorker]
public sealed class PipelineWorkerGrain(
    PipelinePlans plans,
    PipelineProcessor processor,
    FeatureMart mart,
    FeatureSetCatalog featureSets,
    IModelServing serving,
    WebhookSender webhooks,
    ILocalSiloDetails silo)
    : Grain, IPipelineWorkerGrain
{
    public async Task<BatchReport> Process(string pipeline, PipelineRun run, IReadOnlyList<FeatureEvent> events)
    {
        var target = PipelineRef.ParseKey(pipeline);
        var version = run.Version ?? throw MleErrors.InvalidRequest($"Pipeline '{target.Name}' has no deployed version.", "version");
        BatchOutcome outcome;
        try
        {
            var plan = await plans.Get(target, version, run.Generation);
            var effects = new PlatformStepEffects(target, mart, featureSets, serving, webhooks, this.GetStreamProvider(StreamNames.Provider));
            outcome = await processor.Run(plan, version, events, effects);
        }
        catch (MleException unplannable)
        {
            // The version no longer validates (a feature set or model it names is gone): its events wait in the dead letters.
            var letters = events.Select(e => processor.DeadLetter("plan", e, unplannable, version)).ToList();
            outcome = new BatchOutcome(
                new BatchReport(events.Count, new PipelineCounters(events.Count, 0, 0, events.Count, events.Count), [], LatencyHistogram.Empty),
                letters, new Dictionary<string, IReadOnlyList<Execution.PipelineRecord>>());
        }
        if (outcome.DeadLetters.Count > 0)
        {
            await GrainFactory.GetGrain<IPipelineDeadLettersGrain>(target.Key).Add(outcome.DeadLetters);
        }
        Record(target.Key, outcome);
        // Which silo did the work, for the pipeline's per-silo counts: the proof a user sees that it runs everywhere.
        return outcome.Report with { Silo = silo.SiloAddress.ToString() };
    }

    private static void Record(string pipeline, BatchOutcome outcome)
    {
        var tag = new KeyValuePair<string, object?>(MleTelemetry.PipelineTag, pipeline);
        var totals = outcome.Report.Counters;
        Count(MleTelemetry.PipelineEvents, totals, tag, null);
        foreach (var step in outcome.Report.Steps)
        {
            Count(MleTelemetry.PipelineStepRecords, step.Counters, tag, step.Step);
        }
        foreach (var latency in outcome.Latencies)
        {
            MleTelemetry.PipelineEventToOutput.Record(latency, tag);
        }
    }

    private static void Count(System.Diagnostics.Metrics.Counter<long> counter, PipelineCounters counters, KeyValuePair<string, object?> pipeline, string? step)
    {
        foreach (var (outcome, value) in new[] { ("in", counters.In), ("out", counters.Out), ("filtered", counters.Filtered), ("failed", counters.Failed), ("dead_lettered", counters.DeadLettered) })
        {
            if (value == 0)
            {
                continue;
            }
            var tags = new TagList { pipeline, { MleTelemetry.OutcomeTag, outcome } };
            if (step is not null)
            {
                tags.Add(MleTelemetry.StepTag, step);
            }
            counter.Add(value, tags);
        }
    }
}
