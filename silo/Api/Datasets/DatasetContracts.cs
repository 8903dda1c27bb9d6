using System.Text.Json;
using Mle.Datasets;

namespace Mle.Silo.Api.Datasets;

/// <summary>
/// The JSON body of <c>POST /api/v1/datasets/training</c>: the dataset's <c>name</c>, the <c>features</c>
/// (<c>set:feature</c>), and either <c>rows</c> (JSON objects: each set's entity key or <c>entity</c>, the
/// <c>timestamp</c> column, and any label columns; numbers, strings, booleans or null) or <c>source</c>, a stored
/// dataset whose rows are used. <c>includeStatus</c> adds a <c>set__feature__status</c> column after each feature;
/// <c>timestampColumn</c> renames the time column (default <c>timestamp</c>); <c>format</c> is <c>csv</c> (the default) or
/// <c>parquet</c> (typed columns: the timestamp a UTC timestamp, each feature in its type, nulls for missing values).
/// </summary>
public sealed record TrainingSetBody(
    string? Name,
    List<string?>? Features,
    List<Dictionary<string, JsonElement>?>? Rows,
    string? Source,
    bool? IncludeStatus,
    string? TimestampColumn,
    string? Format = null);

/// <summary>A dataset as the gateway returns it; <c>content</c> is where its bytes are downloaded.</summary>
public sealed record DatasetResponse(
    string Name,
    DateTimeOffset CreatedAt,
    long Rows,
    IReadOnlyList<string> Columns,
    string Format,
    string Sha256,
    long SizeBytes,
    IReadOnlyList<DatasetSourceResponse> Sources,
    TrainingSetRequestResponse Request,
    string Content)
{
    public static DatasetResponse From(DatasetInfo dataset) => new(
        dataset.Name,
        dataset.CreatedAt,
        dataset.Rows,
        dataset.Columns,
        dataset.Format,
        dataset.Sha256,
        dataset.SizeBytes,
        [.. dataset.Sources.Select(s => new DatasetSourceResponse(s.FeatureSet, s.Version))],
        new TrainingSetRequestResponse(dataset.Request.Features, dataset.Request.IncludeStatus, dataset.Request.TimestampColumn, dataset.Request.Input),
        $"/api/v1/datasets/{Uri.EscapeDataString(dataset.Name)}/content");
}

/// <summary>A feature set a dataset was read from, at its definition version.</summary>
public sealed record DatasetSourceResponse(string FeatureSet, int Version);

/// <summary>The request that built a dataset, without its rows; <c>input</c> is <c>json</c>, <c>csv</c> or <c>dataset:{name}</c>.</summary>
public sealed record TrainingSetRequestResponse(IReadOnlyList<string> Features, bool IncludeStatus, string TimestampColumn, string Input);
