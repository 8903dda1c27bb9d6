using System.Text.Json;

namespace Mle.Silo.Api.Endpoints;

/// <summary>
/// <c>PUT /api/v1/endpoints/{name}</c>'s body, for the OpenAPI document: <c>graph</c> is one node,
/// <c>{"model": "t@champion"}</c>, <c>{"split": ...}</c>, <c>{"shadow": ...}</c>, <c>{"canary": ...}</c>,
/// <c>{"ensemble": ...}</c>, <c>{"chain": [...]}</c>, <c>{"segment": ...}</c> or <c>{"endpoint": "other"}</c>
/// (the README has each one). The body is read by the endpoint reader, which names every problem.
/// </summary>
public sealed record EndpointSpecDocument(string? Description, string? EntityKey, JsonElement Graph, JsonElement? Enrich, JsonElement? Batching);

/// <summary><c>POST .../score</c>'s body: <c>{"rows": [{"customerId": "c1", "A": 0.9}, ...]}</c>.</summary>
public sealed record EndpointScoreDocument(IReadOnlyList<Dictionary<string, JsonElement>> Rows);

/// <summary><c>POST .../feedback</c>'s body: labels joined by <c>requestId</c> (and <c>row</c>) or by <c>entity</c>.</summary>
public sealed record FeedbackDocument(IReadOnlyList<FeedbackLabelDocument> Labels);

/// <summary>One label: <c>{"requestId": "...", "row": 0, "label": true}</c> or <c>{"entity": "c1", "label": "fraud"}</c>.</summary>
public sealed record FeedbackLabelDocument(string? RequestId, int? Row, string? Entity, JsonElement Label);
