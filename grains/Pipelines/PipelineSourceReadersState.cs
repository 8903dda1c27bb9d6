namespace Mle.Pipelines;

/// <summary>The persisted state of <see cref="PipelineSourceReadersGrain"/>: the pipelines that read the namespace, by name.</summary>
[GenerateSerializer]
public sealed class PipelineSourceReadersState
{
    [Id(0)] public long Revision { get; set; }

    [Id(1)] public Dictionary<string, PipelineReader> Readers { get; set; } = [];
}
