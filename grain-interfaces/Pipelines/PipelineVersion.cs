namespace Mle.Pipelines;

/// <summary>
/// One kept version of a pipeline's definition: its number (1, 2, ...), the definition as read and the JSON it was
/// read from (what <c>GET /api/v1/pipelines/{name}/versions/{v}</c> gives back), and when it was added.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineVersion(
    [property: Id(0)] int Version,
    [property: Id(1)] PipelineDefinition Definition,
    [property: Id(2)] string Json,
    [property: Id(3)] DateTimeOffset CreatedAt);
