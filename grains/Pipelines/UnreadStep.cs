namespace Mle.Pipelines;

/// <summary>
/// Stands in for a step whose JSON could not be read (its problems are already reported), so the other steps keep
/// their positions and references to it are not reported again; the validator checks nothing that depends on it.
/// Never part of a valid definition.
/// </summary>
internal sealed record UnreadStep(string Name, string[]? After) : PipelineStep(Name, After)
{
    public override string Type => "unread";
}
