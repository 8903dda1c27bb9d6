namespace Mle.Pipelines.Execution;

/// <summary>
/// What the steps that reach outside a pipeline do, one call per batch of records: the feature mart, the models, and
/// the sinks. <see cref="PipelineProcessor"/> decides which records go where; the silo's implementation is
/// <see cref="PlatformStepEffects"/>.
/// </summary>
public interface IStepEffects
{
    /// <summary>Applies each record to its entity of the step's feature set.</summary>
    Task Featurize(FeaturizeStep step, IReadOnlyList<PipelineRecord> records);

    /// <summary>The features to add to each record, in the order of <paramref name="records"/>.</summary>
    Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Enrich(EnrichStep step, IReadOnlyList<PipelineRecord> records);

    /// <summary>The model's outputs for each record, in the order of <paramref name="records"/>, from one scoring call.</summary>
    Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Score(ScoreStep step, IReadOnlyList<PipelineRecord> records);

    /// <summary>Delivers the records (each with the definition <paramref name="version"/> that produced it); throws when it could not.</summary>
    Task Sink(SinkStep step, int version, IReadOnlyList<PipelineRecord> records);
}
