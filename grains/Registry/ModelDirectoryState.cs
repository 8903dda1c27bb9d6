namespace Mle.Registry;

/// <summary>The persisted list of one tenant's models (grain <see cref="ModelDirectoryGrain"/>).</summary>
[GenerateSerializer]
public sealed class ModelDirectoryState
{
    [Id(0)] public Dictionary<string, ModelInfo> Models { get; set; } = [];
}
