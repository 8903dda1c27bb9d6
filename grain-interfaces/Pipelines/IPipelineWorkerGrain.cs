using Mle.Features;

namespace Mle.Pipelines;

/// <summary>
/// Processes batches of a pipeline's events through its stateless steps on the silo that calls it (a stateless worker,
/// key 0): filter, map, featurize, enrich, score and sinks, one call per batch. What each silo needs to read (the
/// definition, the feature sets, the models) is cached on the silo.
/// </summary>
public interface IPipelineWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>Processes <paramref name="events"/> with the version <paramref name="run"/> names of <paramref name="pipeline"/>; failed events go to its dead letters.</summary>
    Task<BatchReport> Process(string pipeline, PipelineRun run, IReadOnlyList<FeatureEvent> events);
}
