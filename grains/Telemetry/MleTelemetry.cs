using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mle.Telemetry;

/// <summary>
/// The platform's own meter and activity source (both named <see cref="Name"/>). Instruments are
/// static so the hot path pays one field load, not a DI lookup.
/// </summary>
public static class MleTelemetry
{
    public const string Name = "Orleans.Mle";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Time to score one request (one batch), tagged by model and flavor.</summary>
    public static readonly Histogram<double> ScoringDuration =
        Meter.CreateHistogram<double>("mle.scoring.duration", unit: "ms", description: "Time to score one request, all its rows.");

    /// <summary>Rows scored, by model and flavor; counted in place, reported when metrics are collected.</summary>
    public static readonly ScoredRows RowsScored = new(Meter);

    /// <summary>Writes one group commit of the embedded SQLite grain storage carried (one fsync for all of them).</summary>
    public static readonly Histogram<long> StorageCommitWrites =
        Meter.CreateHistogram<long>("mle.storage.commit.writes", unit: "{write}", description: "Grain state writes one SQLite group commit carried.");

    /// <summary>Time one group commit took, from its first statement to the end of its fsync.</summary>
    public static readonly Histogram<double> StorageCommitDuration =
        Meter.CreateHistogram<double>("mle.storage.commit.duration", unit: "ms", description: "Time one SQLite group commit took, fsync included.");

    public static readonly Histogram<double> ModelLoadDuration =
        Meter.CreateHistogram<double>("mle.model.load.duration", unit: "ms", description: "Time to load a model artifact into a silo's cache.");

    /// <summary>Counted on every scoring call; in place, reported when metrics are collected.</summary>
    public static readonly InPlaceCounter ModelCacheHits =
        new(Meter, "mle.model.cache.hits", unit: null, description: "Model cache lookups that found the model loaded.");

    public static readonly Counter<long> ModelCacheMisses =
        Meter.CreateCounter<long>("mle.model.cache.misses", description: "Model cache lookups that had to load the model.");

    public static readonly Counter<long> ModelCacheEvictions =
        Meter.CreateCounter<long>("mle.model.cache.evictions", description: "Models evicted from a silo's cache (least recently used).");

    /// <summary>Full, compacting collections run after a burst of registrations (<c>Mle:Registry:HeapTrimAfterRegistrations</c>).</summary>
    public static readonly Counter<long> HeapTrims =
        Meter.CreateCounter<long>("mle.registry.heap_trims", description: "Heap trims run after a burst of registrations ended.");

    public static readonly Counter<long> CatalogRefreshes =
        Meter.CreateCounter<long>("mle.catalog.refreshes", description: "Serving snapshots read from the registry into a silo's catalog.");

    /// <summary>The tag that names a feature set, <c>{tenant}/{name}</c>, on every feature mart instrument.</summary>
    public const string FeatureSetTag = "feature_set";

    /// <summary>From a push's (or a stream event's) arrival at the mart to its entity's acknowledgement (durable in write-through).</summary>
    public static readonly Histogram<double> FeatureEventToServable =
        Meter.CreateHistogram<double>("mle.features.event_to_servable", unit: "ms", description: "Time from an event's arrival to its entity's acknowledgement, when a lookup sees it.");

    public static readonly Counter<long> FeatureEventsApplied =
        Meter.CreateCounter<long>("mle.features.events.applied", unit: "{event}", description: "Events applied to entities.");

    public static readonly Counter<long> FeatureEventsDuplicate =
        Meter.CreateCounter<long>("mle.features.events.duplicate", unit: "{event}", description: "Events whose id was already applied (changed nothing).");

    public static readonly Counter<long> FeatureEventsLate =
        Meter.CreateCounter<long>("mle.features.events.late", unit: "{event}", description: "Events older than the allowed lateness, dropped.");

    public static readonly Counter<long> FeatureEventsDeadLettered =
        Meter.CreateCounter<long>("mle.features.events.dead_lettered", unit: "{event}", description: "Stream events that could not be applied, sent to the dead-letter stream.");

    public static readonly UpDownCounter<long> FeatureEntitiesActive =
        Meter.CreateUpDownCounter<long>("mle.features.entities.active", unit: "{entity}", description: "Entities in memory (activated).");

    /// <summary>The tag that names a pipeline, <c>{tenant}/{name}</c>, on every pipeline instrument.</summary>
    public const string PipelineTag = "pipeline";

    /// <summary>The tag that names a pipeline's step; absent on the pipeline's own totals.</summary>
    public const string StepTag = "step";

    /// <summary>The tag that says what a pipeline counter counts: in, out, filtered, failed or dead_lettered.</summary>
    public const string OutcomeTag = "outcome";

    public static readonly Counter<long> PipelineEvents =
        Meter.CreateCounter<long>("mle.pipelines.events", unit: "{event}", description: "Events of a pipeline by outcome: in, out, filtered, failed, dead_lettered.");

    public static readonly Counter<long> PipelineStepRecords =
        Meter.CreateCounter<long>("mle.pipelines.step.records", unit: "{record}", description: "Records of a pipeline's step by outcome: in, out, filtered, failed, dead_lettered.");

    public static readonly Histogram<double> PipelineEventToOutput =
        Meter.CreateHistogram<double>("mle.pipelines.event_to_output", unit: "ms", description: "Time from an event's time to its output by a pipeline's sink or last step.");
    /// <summary>Calls of an endpoint's variants and nodes, tagged by endpoint, node path, kind and variant.</summary>
    public static readonly Counter<long> EndpointCalls =
        Meter.CreateCounter<long>("mle.endpoint.calls", unit: "{call}", description: "Calls of an endpoint's variants and nodes.");

    public static readonly Counter<long> EndpointErrors =
        Meter.CreateCounter<long>("mle.endpoint.errors", unit: "{call}", description: "Failed calls of an endpoint's variants and nodes.");

    public static readonly Histogram<double> EndpointLatency =
        Meter.CreateHistogram<double>("mle.endpoint.duration", unit: "ms", description: "Time of one call of an endpoint's variant or node.");

    public static readonly Histogram<double> EndpointScores =
        Meter.CreateHistogram<double>("mle.endpoint.scores", description: "Scores (Probability, Score or an ensemble's output) an endpoint's variants and nodes answered.");
}
