namespace Mle.Datasets;

/// <summary>
/// A stored dataset (key <c>{tenant}/{name}</c>): an immutable artifact of the content-addressed store
/// (<paramref name="Sha256"/>, <paramref name="SizeBytes"/>) in <paramref name="Format"/> (<c>csv</c>: RFC 4180, UTF-8,
/// a header line; <c>parquet</c>: Apache Parquet, typed columns, one row group per chunk of rows), with <paramref name="Rows"/> data rows of <paramref name="Columns"/>. <paramref name="Sources"/> are
/// the feature sets it was built from; <paramref name="Request"/> is the request that built it, without its rows.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DatasetInfo(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] long Rows,
    [property: Id(4)] IReadOnlyList<string> Columns,
    [property: Id(5)] string Format,
    [property: Id(6)] string Sha256,
    [property: Id(7)] long SizeBytes,
    [property: Id(8)] IReadOnlyList<DatasetSource> Sources,
    [property: Id(9)] TrainingSetDescription Request)
{
    /// <summary>The <see cref="IDatasetGrain"/> key, <c>{tenant}/{name}</c>.</summary>
    public string Key => $"{Tenant}/{Name}";

    /// <summary>CSV, the default format of a training set.</summary>
    public const string Csv = "csv";

    /// <summary>Apache Parquet: a training set asked for with <c>format: parquet</c>.</summary>
    public const string Parquet = "parquet";
}
