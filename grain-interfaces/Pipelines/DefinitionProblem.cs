namespace Mle.Pipelines;

/// <summary>
/// One thing wrong with a pipeline definition. <see cref="Code"/> is one of <see cref="Errors.ErrorCodes"/>;
/// <see cref="Path"/> says where, as a JSON path into the definition (<c>steps[2].expr</c>, <c>source.schema.A</c>);
/// for an expression, <see cref="Position"/> is the zero-based offset in it of the offending text.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DefinitionProblem(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string Path,
    [property: Id(3)] int? Position = null);
