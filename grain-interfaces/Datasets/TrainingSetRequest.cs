namespace Mle.Datasets;

/// <summary>
/// A point-in-time training set to build and store as a dataset. Input rows carry an entity id per feature set (in
/// the column named by the set's entity key, else in a column <c>entity</c>), a time (<paramref name="TimestampColumn"/>,
/// ISO 8601) and any other columns (labels), which pass through unchanged. Either inline (<paramref name="Columns"/>
/// and <paramref name="Rows"/>, cells as text, null for none) or <paramref name="Source"/>, the name of a stored
/// dataset of the same tenant whose rows are read. <paramref name="Features"/> are <c>set:feature</c>; each becomes a
/// column <c>set__feature</c> with the value as of the row's time, and with <paramref name="IncludeStatus"/> a column
/// <c>set__feature__status</c> after it. <paramref name="Format"/> is <c>csv</c> (null means it too) or <c>parquet</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrainingSetRequest(
    [property: Id(0)] IReadOnlyList<string> Features,
    [property: Id(1)] IReadOnlyList<string>? Columns = null,
    [property: Id(2)] IReadOnlyList<IReadOnlyList<string?>>? Rows = null,
    [property: Id(3)] string? Source = null,
    [property: Id(4)] bool IncludeStatus = false,
    [property: Id(5)] string TimestampColumn = TrainingSetRequest.DefaultTimestampColumn,
    [property: Id(6)] string? Format = null)
{
    public const string DefaultTimestampColumn = "timestamp";
}
