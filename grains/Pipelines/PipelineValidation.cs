namespace Mle.Pipelines;

/// <summary>The outcome of validating a definition: its plan, or every problem found in it.</summary>
public sealed record PipelineValidation(PipelinePlan? Plan, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool Succeeded => Plan is not null;
}
