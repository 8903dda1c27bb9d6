namespace Mle.Serving.Expressions;

/// <summary>
/// One thing wrong with an expression, found before it runs. <see cref="Code"/> is one of
/// <see cref="Errors.ErrorCodes"/> (<c>invalid_expression</c>, <c>expression_too_complex</c>, <c>unknown_field</c>,
/// <c>expression_type_mismatch</c>); <see cref="Position"/> is the zero-based offset of the offending text in the
/// expression and <see cref="Length"/> its length (the message says "at column Position + 1").
/// </summary>
public sealed record ExpressionProblem(string Code, string Message, int Position, int Length)
{
    public override string ToString() => Message;
}
