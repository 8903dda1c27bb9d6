namespace Mle.Endpoints;

/// <summary>
/// One thing wrong with an endpoint spec. <see cref="Code"/> is one of <see cref="Errors.ErrorCodes"/>;
/// <see cref="Path"/> says where, as a JSON path into the spec (<c>graph.split.variants[1].node.model</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SpecProblem(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string Path);
