namespace Mle.Serving.Expressions;

/// <summary>The outcome of compiling one expression: the expression, or every problem found in it.</summary>
public sealed record ExpressionCompilation(CompiledExpression? Expression, IReadOnlyList<ExpressionProblem> Problems)
{
    public bool Succeeded => Expression is not null;
}
