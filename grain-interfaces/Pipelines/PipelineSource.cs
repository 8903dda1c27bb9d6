namespace Mle.Pipelines;

/// <summary>
/// Where a pipeline's events come from: <c>rest</c> (pushed to <c>POST /api/v1/pipelines/{name}/events</c>) or
/// <c>stream</c> (the <see cref="Namespace"/> of the <c>mle</c> stream provider). <see cref="Schema"/> optionally
/// declares the types of the events' values (field name to <c>number</c>, <c>string</c>, <c>bool</c> or
/// <c>vector</c>); without it, the values are taken to be the inputs of the models the pipeline scores with (those no
/// step computes) and the entity fields its feature steps name.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineSource(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Namespace = null,
    [property: Id(2)] IReadOnlyDictionary<string, string>? Schema = null)
{
    public const string Rest = "rest";
    public const string Stream = "stream";
}
