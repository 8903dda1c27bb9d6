namespace Mle.Pipelines;

/// <summary>The persisted dead letters of one pipeline (grain <see cref="PipelineDeadLettersGrain"/>), oldest first.</summary>
[GenerateSerializer]
public sealed class PipelineDeadLettersState
{
    [Id(0)] public List<PipelineDeadLetter> Letters { get; set; } = [];

    /// <summary>The sequence number the next letter gets.</summary>
    [Id(1)] public long Next { get; set; } = 1;

    /// <summary>Letters dropped, oldest first, to keep within <see cref="PipelinesOptions.MaxDeadLetters"/>.</summary>
    [Id(2)] public long Dropped { get; set; }
}
