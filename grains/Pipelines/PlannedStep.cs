using Mle.Serving.Expressions;

namespace Mle.Pipelines;

/// <summary>
/// A step as it runs: its definition, where its records come from (<see cref="Inputs"/>, empty for the source) and go
/// (<see cref="Outputs"/>), the fields a record has on the way in and out, and its expressions compiled once.
/// A step with several inputs is a join: it takes a record when every input delivered the same event, merged (the
/// fields of the later input in <see cref="Inputs"/> win); an event filtered out on any input's path never reaches it.
/// </summary>
public sealed record PlannedStep(
    PipelineStep Step,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    FieldSchema InputFields,
    FieldSchema OutputFields,
    CompiledExpression? Predicate,
    IReadOnlyList<ComputedField> Computed)
{
    public string Name => Step.Name;

    public bool IsJoin => Inputs.Count > 1;

    public bool ReadsSource => Inputs.Count == 0;
}

/// <summary>A field a map step sets, with its expression compiled.</summary>
public sealed record ComputedField(string Field, CompiledExpression Expression);
