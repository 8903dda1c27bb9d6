namespace Mle.Pipelines;

/// <summary>
/// The consumer of one partition of a pipeline's input (key and stream id <c>{tenant}/{name}/{partition}</c> in the
/// <c>pipelines</c> namespace, an implicit subscription). It processes one batch at a time through the pipeline's
/// stateless workers, keeps batches durably while the pipeline is paused, and switches versions between batches.
/// </summary>
public interface IPipelinePartitionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Follows <paramref name="run"/>: on resume, first processes every kept batch in order. Returns once no batch of
    /// the previous run is in progress, so a pause that returned means nothing more is processed.
    /// </summary>
    Task Follow(PipelineRun run);

    /// <summary>
    /// Takes a batch a source stream delivered, as one from the partition's own stream: processed when running, kept
    /// when paused, dead-lettered otherwise. Returns once that is done, so the source acknowledges it only then.
    /// </summary>
    Task Deliver(PipelineEventBatch batch);
}
