using Mle.Paging;
using Mle.Registry;
using Mle.Schema;

namespace Mle.Silo.Api.Models;

/// <summary>A registered model as the REST API shows it.</summary>
public sealed record ModelResponse(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, int> Aliases,
    int LatestVersion,
    int VersionCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ModelResponse From(ModelInfo model) => new(
        model.Name, model.Description, model.Tags, model.Aliases, model.LatestVersion, model.VersionCount, model.CreatedAt, model.UpdatedAt);
}

/// <summary>A column of a model's schema: <c>type</c> is float32, float64, int32, int64, uint32, bool or string.</summary>
public sealed record ColumnResponse(string Name, string Type, IReadOnlyList<int> Shape)
{
    public static ColumnResponse From(ColumnSchema column) => new(column.Name, column.Kind.DisplayName(), column.Shape);
}

/// <summary>
/// The artifact behind a version, by content and by route: its SHA-256, its size and <c>href</c>, where to
/// download it. Where the server keeps it is the server's business.
/// </summary>
public sealed record ArtifactResponse(string Sha256, long SizeBytes, string Href);

/// <summary>The lineage of a version.</summary>
public sealed record LineageResponse(string? RunId, string? Dataset, IReadOnlyDictionary<string, string> Parameters);

/// <summary>A model version as the REST API shows it.</summary>
public sealed record ModelVersionResponse(
    string Model,
    int Version,
    string Status,
    string? FailureReason,
    string Flavor,
    string? Description,
    IReadOnlyList<ColumnResponse> Inputs,
    IReadOnlyList<ColumnResponse> Outputs,
    ArtifactResponse? Artifact,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags,
    LineageResponse Lineage,
    bool Archived,
    IReadOnlyList<string> Aliases,
    DateTimeOffset CreatedAt)
{
    public static ModelVersionResponse From(ModelVersionInfo v) => new(
        v.Model,
        v.Version,
        v.Status.ToString(),
        v.FailureReason,
        v.Flavor.ToWireName(),
        v.Description,
        v.Schema?.Inputs.Select(ColumnResponse.From).ToArray() ?? [],
        v.Schema?.Outputs.Select(ColumnResponse.From).ToArray() ?? [],
        v.Artifact is { } a
            ? new ArtifactResponse(a.Sha256, a.SizeBytes, $"/api/v1/models/{Uri.EscapeDataString(v.Model)}/versions/{v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}/artifact")
            : null,
        v.Metrics,
        v.Tags,
        new LineageResponse(v.Lineage.RunId, v.Lineage.Dataset, v.Lineage.Parameters),
        v.Archived,
        v.Aliases,
        v.CreatedAt);
}

/// <summary>One page of a list; pass <c>continuationToken</c> back to get the next.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? ContinuationToken, int TotalCount);

/// <summary>Builds <see cref="PageResponse{T}"/>s from the registry's pages.</summary>
public static class PageResponse
{
    public static PageResponse<T> From<TSource, T>(Page<TSource> page, Func<TSource, T> map) =>
        new(page.Items.Select(map).ToArray(), page.ContinuationToken, page.TotalCount);
}
