namespace Mle.Pipelines;

/// <summary>The persisted list of one tenant's pipelines (grain <see cref="PipelineDirectoryGrain"/>), by name.</summary>
[GenerateSerializer]
public sealed class PipelineDirectoryState
{
    [Id(0)] public Dictionary<string, PipelineInfo> Pipelines { get; set; } = [];
}
