namespace Mle.Pipelines;

/// <summary>
/// One version of a pipeline's definition, as <c>POST /api/v1/pipelines</c> takes it: where events come from and the
/// steps they flow through. Steps run in the order written unless a step names its inputs with <c>after</c>, which
/// makes the steps a graph (fan-out, and joins that wait for every input of the same event).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] PipelineSource Source,
    [property: Id(3)] PipelineStep[] Steps)
{
    /// <summary>The only kind so far: events processed as they arrive.</summary>
    public const string Streaming = "streaming";
}
