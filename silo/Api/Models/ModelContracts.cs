namespace Mle.Silo.Api.Models;

/// <summary>The body of <c>POST /api/v1/models</c>.</summary>
public sealed record CreateModelBody(string Name, string? Description, Dictionary<string, string>? Tags);

/// <summary>The body of <c>PUT /api/v1/models/{name}/aliases/{alias}</c>; a missing version is a 400, not version 0.</summary>
public sealed record SetAliasBody(int? Version);
