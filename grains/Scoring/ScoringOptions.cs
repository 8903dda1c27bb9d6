namespace Mle.Scoring;

/// <summary>The per-silo model cache and the scoring engines (<c>Mle:Scoring</c>).</summary>
public sealed class ScoringOptions
{
    public const string Section = "Mle:Scoring";

    /// <summary>The most models a silo keeps loaded at once (default 64).</summary>
    public int CacheMaxModels { get; set; } = 64;

    /// <summary>
    /// The most idle engines a loaded model keeps for reuse (default 8): one is needed per concurrent call on the
    /// model, and each holds the model's per-call buffers.
    /// </summary>
    public int MaxIdleEnginesPerModel { get; set; } = 8;

    /// <summary>The most artifact bytes a silo keeps loaded at once (default 2 GiB); an artifact's size is its weight.</summary>
    public long CacheMaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// ML.NET batches smaller than this always stream through the activation's row mapper, built once (default 64).
    /// From this size a batch may take the bulk path instead: a columnar <c>IDataView</c> through <c>Transform</c>,
    /// which pays a pipeline setup per call (0.2-2 ms) and can then be cheaper per row.
    /// </summary>
    public int BulkThresholdRows { get; set; } = 64;

    /// <summary>
    /// true (default): each engine times both paths for batches of at least <see cref="BulkThresholdRows"/> rows,
    /// per power-of-two band of batch sizes, and takes the faster, because the crossover depends on the model.
    /// false: every such batch takes the bulk path.
    /// </summary>
    public bool AdaptiveBulkPath { get; set; } = true;

    /// <summary>
    /// true (default): an ML.NET model whose predictor is a FastTree, FastForest or LightGBM binary classifier or
    /// regressor is scored by a compiled copy of its trees (flat arrays, a batch evaluated tree by tree over its rows)
    /// with the steps before the predictor still run by ML.NET; the predictions are ML.NET's, bit for bit. Other models
    /// are not affected. false: every ML.NET model is scored by ML.NET alone (the row mapper or the bulk path above).
    /// </summary>
    public bool CompiledTrees { get; set; } = true;
}
