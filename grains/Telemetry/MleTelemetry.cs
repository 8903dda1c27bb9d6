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

    public static readonly Counter<long> RowsScored =
        Meter.CreateCounter<long>("mle.scoring.rows", unit: "{row}", description: "Rows scored.");

    /// <summary>Writes one group commit of the embedded SQLite grain storage carried (one fsync for all of them).</summary>
    public static readonly Histogram<long> StorageCommitWrites =
        Meter.CreateHistogram<long>("mle.storage.commit.writes", unit: "{write}", description: "Grain state writes one SQLite group commit carried.");

    /// <summary>Time one group commit took, from its first statement to the end of its fsync.</summary>
    public static readonly Histogram<double> StorageCommitDuration =
        Meter.CreateHistogram<double>("mle.storage.commit.duration", unit: "ms", description: "Time one SQLite group commit took, fsync included.");

    public static readonly Histogram<double> ModelLoadDuration =
        Meter.CreateHistogram<double>("mle.model.load.duration", unit: "ms", description: "Time to load a model artifact into a silo's cache.");

    public static readonly Counter<long> ModelCacheHits =
        Meter.CreateCounter<long>("mle.model.cache.hits", description: "Model cache lookups that found the model loaded.");

    public static readonly Counter<long> ModelCacheMisses =
        Meter.CreateCounter<long>("mle.model.cache.misses", description: "Model cache lookups that had to load the model.");

    public static readonly Counter<long> ModelCacheEvictions =
        Meter.CreateCounter<long>("mle.model.cache.evictions", description: "Models evicted from a silo's cache (least recently used).");

    public static readonly Counter<long> CatalogRefreshes =
        Meter.CreateCounter<long>("mle.catalog.refreshes", description: "Serving snapshots read from the registry into a silo's catalog.");
}
