namespace Orleans.Mle.Scoring;

/// <summary>The per-silo model cache and the scoring engines (<c>Mle:Scoring</c>).</summary>
public sealed class ScoringOptions
{
    public const string Section = "Mle:Scoring";

    /// <summary>The most models a silo keeps loaded at once (default 64).</summary>
    public int CacheMaxModels { get; set; } = 64;

    /// <summary>The most artifact bytes a silo keeps loaded at once (default 2 GiB); an artifact's size is its weight.</summary>
    public long CacheMaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// ML.NET batches with at least this many rows take the bulk path (a columnar <c>IDataView</c> through
    /// <c>Transform</c>); smaller ones stream through the activation's row mapper, built once. Measured on the
    /// test models: <c>Transform</c> costs 0.4-1 ms per call to build the pipeline, which the row mapper never
    /// pays, and the two cost the same per row after that; the bulk path only pulls ahead (text featurizing)
    /// around a thousand rows. Hence 1024 (default).
    /// </summary>
    public int BulkThresholdRows { get; set; } = 1024;
}
