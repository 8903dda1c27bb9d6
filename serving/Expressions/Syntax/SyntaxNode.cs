namespace Mle.Serving.Expressions.Syntax;

/// <summary>
/// The expression as our binder sees it: only the constructs the language keeps, each with the span of source text
/// it came from (zero-based <see cref="Position"/>, <see cref="Length"/>) so every problem can point at it.
/// </summary>
internal abstract record SyntaxNode(int Position, int Length);

/// <summary>A number (always a double), a string, true, false or null.</summary>
internal sealed record LiteralNode(object? Value, int Position, int Length) : SyntaxNode(Position, Length);

/// <summary>A top-level field of the record.</summary>
internal sealed record IdentifierNode(string Name, int Position, int Length) : SyntaxNode(Position, Length);

/// <summary><c>target.Field</c>: a field of a nested record.</summary>
internal sealed record SelectNode(SyntaxNode Target, string Field, int FieldPosition, int Position, int Length) : SyntaxNode(Position, Length);

internal enum UnaryOperator
{
    Not,
    Negate,
}

internal sealed record UnaryNode(UnaryOperator Operator, SyntaxNode Operand, int Position, int Length) : SyntaxNode(Position, Length);

internal enum BinaryOperator
{
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
}

/// <summary>An operator over two operands; <see cref="OperatorPosition"/> is where the operator itself stands.</summary>
internal sealed record BinaryNode(BinaryOperator Operator, SyntaxNode Left, SyntaxNode Right, int OperatorPosition, int Position, int Length)
    : SyntaxNode(Position, Length);

/// <summary><c>condition ? then : else</c>.</summary>
internal sealed record ConditionalNode(SyntaxNode Condition, SyntaxNode Then, SyntaxNode Else, int Position, int Length) : SyntaxNode(Position, Length);

/// <summary><c>[a, b, c]</c>, only meaningful on the right of <c>in</c>.</summary>
internal sealed record ListNode(IReadOnlyList<SyntaxNode> Items, int Position, int Length) : SyntaxNode(Position, Length);

/// <summary><c>f(args)</c> or, with a <see cref="Receiver"/>, <c>receiver.f(args)</c>; only the functions the binder knows.</summary>
internal sealed record CallNode(string Function, SyntaxNode? Receiver, IReadOnlyList<SyntaxNode> Arguments, int FunctionPosition, int Position, int Length)
    : SyntaxNode(Position, Length);
