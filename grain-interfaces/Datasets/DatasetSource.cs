namespace Mle.Datasets;

/// <summary>A feature set a dataset's features were read from, at the definition version they were read with.</summary>
[GenerateSerializer, Immutable]
public sealed record DatasetSource(
    [property: Id(0)] string FeatureSet,
    [property: Id(1)] int Version);
