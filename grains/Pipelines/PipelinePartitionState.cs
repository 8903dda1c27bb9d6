namespace Mle.Pipelines;

/// <summary>The persisted state of one partition of a pipeline's input: the run it follows and the batches kept while paused, oldest first.</summary>
[GenerateSerializer]
public sealed class PipelinePartitionState
{
    [Id(0)] public PipelineRun? Run { get; set; }

    [Id(1)] public List<PipelineEventBatch> Kept { get; set; } = [];
}
