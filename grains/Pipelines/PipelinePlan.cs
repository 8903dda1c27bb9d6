using Mle.Serving.Expressions;

namespace Mle.Pipelines;

/// <summary>
/// How a valid definition runs: its steps in a topological order (every step after all of its inputs; among steps free
/// to go, the one written first), the fields of the source's events, and the steps that read the source and those
/// whose output leaves the pipeline.
/// </summary>
public sealed record PipelinePlan(PipelineDefinition Definition, FieldSchema SourceFields, IReadOnlyList<PlannedStep> Steps)
{
    public PlannedStep this[string step] => Steps.First(s => string.Equals(s.Name, step, StringComparison.Ordinal));

    /// <summary>The steps that take the source's events.</summary>
    public IEnumerable<PlannedStep> Roots => Steps.Where(s => s.ReadsSource);

    /// <summary>The steps that wait for more than one input of the same event.</summary>
    public IEnumerable<PlannedStep> Joins => Steps.Where(s => s.IsJoin);

    /// <summary>The steps nothing follows: sinks, or the last step of a branch.</summary>
    public IEnumerable<PlannedStep> Leaves => Steps.Where(s => s.Outputs.Count == 0);
}
