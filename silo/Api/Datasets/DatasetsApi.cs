using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Audit;
using Mle.Datasets;
using Mle.Errors;
using Mle.Features.TrainingSets;
using Mle.Naming;
using Mle.Registry;
using Mle.Security;
using Mle.Silo.Audit;
using Mle.Silo.Security;

namespace Mle.Silo.Api.Datasets;

/// <summary>
/// Datasets over REST: building point-in-time training sets (a scientist's, audited), listing, reading and
/// downloading datasets (<see cref="Permission.Read"/>). Names are the caller's tenant's; another tenant's is 404.
/// <para>
/// A build is synchronous: the response is the stored dataset (201). It is bounded by <c>Mle:Limits:MaxTrainingSetRows</c>
/// and <c>MaxTrainingSetInputBytes</c> rather than made a job: rows stream through in chunks, so the time is that of
/// the entity reads (one per entity and chunk, in parallel), and a client that goes away cancels the build and leaves
/// nothing.
/// </para>
/// </summary>
public static class DatasetsApi
{
    public const string CsvType = "text/csv";

    /// <summary>The media type of a Parquet dataset's content.</summary>
    public const string ParquetType = "application/vnd.apache.parquet";

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup("/api/v1/datasets").WithTags("Datasets");
        datasets.MapPost("/training", BuildTrainingSet).WithName("BuildTrainingSet").RequirePermission(Permission.BuildDatasets)
            .Audited(AuditActions.DatasetCreate)
            .Accepts<TrainingSetBody>("application/json", CsvType)
            .WithSummary("Build a point-in-time training set and store it as a dataset, CSV or Parquet (format: csv, the default, or parquet): each row's features (set:feature) as they were at its timestamp. "
                + "JSON rows inline, a stored CSV dataset as source, or a text/csv upload with ?name=&features=set:f1,set:f2&includeStatus=&timestampColumn=&format=.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        datasets.MapGet("/", ListDatasets).WithName("ListDatasets").RequirePermission(Permission.Read)
            .WithSummary("List the tenant's datasets, one page at a time.");
        datasets.MapGet("/{name}", GetDataset).WithName("GetDataset").RequirePermission(Permission.Read)
            .WithSummary("Get a dataset's record: rows, columns, format, digest, source feature sets and versions, the request that built it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        datasets.MapGet("/{name}/content", DownloadDataset).WithName("DownloadDataset").RequirePermission(Permission.Read)
            .WithSummary("Download a dataset's content, streamed (text/csv, or application/vnd.apache.parquet for a Parquet dataset; its SHA-256 is the ETag).")
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: CsvType, additionalContentTypes: [ParquetType]).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// The body gets this route's own ceiling, <c>MaxTrainingSetInputBytes</c>. Everything checkable without the rows
    /// (name, a taken name, features, feature sets) is checked before the body is read.
    /// </summary>
    public static async Task<Created<DatasetResponse>> BuildTrainingSet(
        [AsParameters] ApiServices api, TrainingSets trainingSets, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var request = api.Http.Request;
        var maxBytes = api.Limits.Value.MaxTrainingSetInputBytes;
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        if (api.Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBytes;
        }
        try
        {
            var dataset = IsCsv(request.ContentType)
                ? await FromCsv(api, trainingSets)
                : await FromJson(api, trainingSets, json.Value.SerializerOptions);
            return TypedResults.Created($"/api/v1/datasets/{Uri.EscapeDataString(dataset.Name)}", DatasetResponse.From(dataset));
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes);
        }
    }

    private static async Task<DatasetInfo> FromJson(ApiServices api, TrainingSets trainingSets, JsonSerializerOptions options)
    {
        if (!api.Http.Request.HasJsonContentType())
        {
            throw new InvalidRequestException(ErrorCodes.UnsupportedMediaType,
                $"This route reads application/json (rows inline or a source dataset) or {CsvType} (rows as CSV).", "Content-Type");
        }
        TrainingSetBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<TrainingSetBody>(api.Http.Request.Body, options, api.Aborted);
        }
        catch (JsonException error)
        {
            throw MleErrors.InvalidRequest($"The request body is not a training-set request: {error.Message}", "body");
        }
        if (body is null)
        {
            throw MleErrors.InvalidRequest("The body must be a training-set request: {\"name\": ..., \"features\": [\"set:feature\"], \"rows\": [...]}.", "body");
        }
        var prepared = await trainingSets.Prepare(
            api.Tenant, body.Name!, Features(body.Features), body.TimestampColumn ?? TrainingSetRequest.DefaultTimestampColumn, body.Format);
        if (body.Source is not null)
        {
            if (body.Rows is not null)
            {
                throw MleErrors.InvalidTrainingSet("Give either rows or a source dataset, not both.", "source");
            }
            return await trainingSets.Build(api.Tenant, prepared.Name,
                new TrainingSetRequest(body.Features!.Select(f => f!).ToList(), Source: body.Source, IncludeStatus: body.IncludeStatus ?? false,
                    TimestampColumn: prepared.TimestampColumn, Format: prepared.Format), api.Aborted);
        }
        var rows = body.Rows ?? throw MleErrors.InvalidTrainingSet(
            "The request needs rows or a source dataset: \"rows\": [{\"cardId\": \"c1\", \"timestamp\": \"2026-01-01T00:00:00Z\", \"label\": 1}].", "rows");
        if (rows.Count > api.Limits.Value.MaxTrainingSetRows)
        {
            throw MleErrors.TrainingSetTooLarge("rows", api.Limits.Value.MaxTrainingSetRows, nameof(Configuration.LimitsOptions.MaxTrainingSetRows));
        }
        var (columns, cells) = TrainingSetRows.Read(rows);
        return await trainingSets.Build(prepared, body.IncludeStatus ?? false, TrainingInput.Of(columns, cells, "json"), api.Aborted);
    }

    private static async Task<DatasetInfo> FromCsv(ApiServices api, TrainingSets trainingSets)
    {
        var query = api.Http.Request.Query;
        var features = query["features"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        var includeStatus = query["includeStatus"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            var other => throw MleErrors.InvalidRequest($"includeStatus is '{other}'; use true or false.", "includeStatus"),
        };
        var timestampColumn = query.TryGetValue("timestampColumn", out var given) ? given.ToString() : TrainingSetRequest.DefaultTimestampColumn;
        var format = query.TryGetValue("format", out var asked) ? asked.ToString() : null;
        var prepared = await trainingSets.Prepare(api.Tenant, query["name"].ToString(), features, timestampColumn, format);
        using var text = new StreamReader(api.Http.Request.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        try
        {
            var input = await TrainingInput.Csv(text, "csv", api.Aborted);
            return await trainingSets.Build(prepared, includeStatus, input, api.Aborted);
        }
        catch (DecoderFallbackException)
        {
            throw MleErrors.InvalidTrainingSet("The CSV body is not valid UTF-8 text.", "body");
        }
    }

    public static async Task<Ok<Models.PageResponse<DatasetResponse>>> ListDatasets(
        [AsParameters] ApiServices api, int? pageSize, string? continuationToken, string? q)
    {
        var page = await api.Grains.GetGrain<IDatasetDirectoryGrain>(api.Tenant).List(PageQuery.Request(pageSize, continuationToken, q)).WaitAsync(api.Aborted);
        return TypedResults.Ok(Models.PageResponse.From(page, DatasetResponse.From));
    }

    public static async Task<Ok<DatasetResponse>> GetDataset(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok(DatasetResponse.From(await Dataset(api, name).Get().WaitAsync(api.Aborted)));

    public static async Task<FileStreamHttpResult> DownloadDataset(string name, [AsParameters] ApiServices api, IArtifactStore artifacts)
    {
        var dataset = await Dataset(api, name).Get().WaitAsync(api.Aborted);
        var parquet = dataset.Format == DatasetInfo.Parquet;
        return TypedResults.Stream(await artifacts.Open(new ArtifactRef(dataset.Sha256, dataset.SizeBytes), api.Aborted), parquet ? ParquetType : CsvType,
            $"{dataset.Name}.{(parquet ? "parquet" : "csv")}", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{dataset.Sha256}\""));
    }

    private static IDatasetGrain Dataset(ApiServices api, string name) => api.Grains.GetGrain<IDatasetGrain>($"{api.Tenant}/{Names.Require("dataset name", name)}");

    private static List<string> Features(List<string?>? features) => features?.Select(f => f ?? "").ToList()
        ?? throw MleErrors.InvalidTrainingSet("A training set needs features: \"features\": [\"card:amount\"].", "features");

    private static bool IsCsv(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals(CsvType, StringComparison.OrdinalIgnoreCase);

    private static InvalidRequestException TooLarge(long limit) =>
        new(ErrorCodes.RequestTooLarge, $"The training-set request body is larger than {limit} bytes (Mle:Limits:MaxTrainingSetInputBytes).", "body")
        {
            Limit = ExceededLimit.Of(nameof(Configuration.LimitsOptions.MaxTrainingSetInputBytes), limit),
        };
}
