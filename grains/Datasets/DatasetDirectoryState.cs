namespace Mle.Datasets;

/// <summary>The persisted list of one tenant's datasets (grain <see cref="DatasetDirectoryGrain"/>), by name.</summary>
[GenerateSerializer]
public sealed class DatasetDirectoryState
{
    [Id(0)] public Dictionary<string, DatasetInfo> Datasets { get; set; } = [];
}
