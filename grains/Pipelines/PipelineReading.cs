namespace Mle.Pipelines;

/// <summary>
/// A definition read from JSON and the problems of its shape. The definition is null only when the JSON is not an
/// object at all; otherwise every step element has a step in it, in order (one that could not be read stands in as an
/// unread step), so the validator can report the rest of the definition's problems with the right paths.
/// <see cref="UnreadSteps"/> names those steps.
/// </summary>
public sealed record PipelineReading(PipelineDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems, IReadOnlySet<string> UnreadSteps)
{
    public bool Succeeded => Definition is not null && Problems.Count == 0;
}
