namespace Mle.Registry;

/// <summary>The request to register a new model name.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateModel(
    [property: Id(0)] string? Description,
    [property: Id(1)] IReadOnlyDictionary<string, string> Tags);
