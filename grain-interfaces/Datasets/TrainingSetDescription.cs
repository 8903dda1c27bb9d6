namespace Mle.Datasets;

/// <summary>
/// What a training set was built from, as its dataset records it: the features asked for (<c>set:feature</c>), whether
/// status columns were written, the timestamp column, and where the rows came from (<c>json</c>, <c>csv</c>, or
/// <c>dataset:{name}</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrainingSetDescription(
    [property: Id(0)] IReadOnlyList<string> Features,
    [property: Id(1)] bool IncludeStatus,
    [property: Id(2)] string TimestampColumn,
    [property: Id(3)] string Input);
