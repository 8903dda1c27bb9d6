using System.Text.Json;

namespace Mle.Silo.Api.Scoring;

/// <summary>
/// The shape of a score request, for the OpenAPI document: give <c>rows</c> (one object per row) or
/// <c>columns</c> (one array per column). The gateway parses the body directly into columns.
/// </summary>
public sealed record ScoreRequestDocument(
    IReadOnlyList<IReadOnlyDictionary<string, JsonElement>>? Rows,
    IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>? Columns);

/// <summary>The shape of a score response, for the OpenAPI document.</summary>
public sealed record ScoreResponseDocument(
    string Model,
    int Version,
    IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> Predictions);
