namespace Mle.Datasets;

/// <summary>The persisted record of one dataset (grain <see cref="DatasetGrain"/>); null until it is created.</summary>
[GenerateSerializer]
public sealed class DatasetState
{
    [Id(0)] public DatasetInfo? Dataset { get; set; }
}
