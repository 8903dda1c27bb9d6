using System.Globalization;
using System.Runtime.CompilerServices;
using Antlr4.Runtime;
using Cel.Internal;
using Mle.Errors;

namespace Mle.Serving.Expressions.Syntax;

/// <summary>
/// Turns CEL text into our <see cref="SyntaxNode"/> tree with the parser of the <c>Cel</c> package, keeping only the
/// constructs the language allows: literals, fields, field selection, the unary, binary and conditional operators,
/// lists on the right of <c>in</c>, and calls (which the binder restricts to its own functions). Everything else CEL
/// has (maps, messages, indexing, bytes, optional fields, leading-dot names) is refused here with its position, and
/// the node count and nesting depth are held to <see cref="ExpressionLimits"/> while the tree is built.
/// </summary>
internal sealed class CelReader
{
    private readonly string _text;
    private readonly ExpressionLimits _limits;
    private readonly List<ExpressionProblem> _problems;
    private int _nodes;

    private CelReader(string text, ExpressionLimits limits, List<ExpressionProblem> problems)
    {
        _text = text;
        _limits = limits;
        _problems = problems;
    }

    /// <summary>The tree of <paramref name="text"/>, or null with the reasons added to <paramref name="problems"/>.</summary>
    public static SyntaxNode? Read(string text, ExpressionLimits limits, List<ExpressionProblem> problems)
    {
        if (SourceScan.Check(text, limits) is { } refused)
        {
            problems.Add(refused);
            return null;
        }
        var errors = new SyntaxErrors(text);
        var lexer = new CelLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        lexer.AddErrorListener(errors);
        var parser = new CelParser(new CommonTokenStream(lexer));
        parser.RemoveErrorListeners();
        parser.AddErrorListener(errors);
        var start = parser.start();
        if (errors.Problems.Count > 0)
        {
            problems.AddRange(errors.Problems);
            return null;
        }
        var reader = new CelReader(text, limits, problems);
        var before = problems.Count;
        try
        {
            var tree = reader.Expr(start.e, 1);
            return problems.Count == before ? tree : null;
        }
        catch (LimitReachedException limit)
        {
            problems.Add(limit.Problem);
            return null;
        }
        catch (InsufficientExecutionStackException)
        {
            problems.Add(SourceScan.TooDeep(limits, 0));
            return null;
        }
    }

    private SyntaxNode Expr(CelParser.ExprContext c, int depth)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        Enter(c, depth);
        if (c.op is null)
        {
            return Or(c.e, depth);
        }
        var condition = Or(c.e, depth + 1);
        var then = Or(c.e1, depth + 1);
        var otherwise = Expr(c.e2, depth + 1);
        return Count(new ConditionalNode(condition, then, otherwise, Start(c), SpanLength(c)));
    }

    private SyntaxNode Or(CelParser.ConditionalOrContext c, int depth) =>
        LeftFold(c, BinaryOperator.Or, c.e, c._e1, c._ops, And, depth);

    private SyntaxNode And(CelParser.ConditionalAndContext c, int depth) =>
        LeftFold(c, BinaryOperator.And, c.e, c._e1, c._ops, Relation, depth);

    /// <summary>
    /// <c>a op b op c</c> as <c>((a op b) op c)</c>. The grammar lists the operands flat, but the tree is as deep as
    /// their count, so the first operand sits that much deeper and the limit is checked on it up front.
    /// </summary>
    private SyntaxNode LeftFold<TOperand>(
        ParserRuleContext c, BinaryOperator op, TOperand first, IList<TOperand> rest, IList<IToken> ops,
        Func<TOperand, int, SyntaxNode> read, int depth)
    {
        var operands = rest.Count;
        Enter(c, depth + operands);
        var node = read(first, depth + operands);
        for (var i = 0; i < operands; i++)
        {
            var right = read(rest[i], depth + operands - i);
            node = Count(Binary(op, node, right, ops[i]));
        }
        return node;
    }

    private SyntaxNode Relation(CelParser.RelationContext c, int depth)
    {
        Enter(c, depth);
        if (c.calc() is { } calc)
        {
            return Calc(calc, depth);
        }
        var op = c.op.Type switch
        {
            CelParser.LESS => BinaryOperator.Less,
            CelParser.LESS_EQUALS => BinaryOperator.LessOrEqual,
            CelParser.GREATER => BinaryOperator.Greater,
            CelParser.GREATER_EQUALS => BinaryOperator.GreaterOrEqual,
            CelParser.EQUALS => BinaryOperator.Equal,
            CelParser.NOT_EQUALS => BinaryOperator.NotEqual,
            _ => BinaryOperator.In,
        };
        var left = Relation(c.relation(0), depth + 1);
        var right = Relation(c.relation(1), depth + 1);
        return Count(Binary(op, left, right, c.op));
    }

    private SyntaxNode Calc(CelParser.CalcContext c, int depth)
    {
        Enter(c, depth);
        if (c.unary() is { } unary)
        {
            return Unary(unary, depth);
        }
        var op = c.op.Type switch
        {
            CelParser.STAR => BinaryOperator.Multiply,
            CelParser.SLASH => BinaryOperator.Divide,
            CelParser.PERCENT => BinaryOperator.Remainder,
            CelParser.PLUS => BinaryOperator.Add,
            _ => BinaryOperator.Subtract,
        };
        var left = Calc(c.calc(0), depth + 1);
        var right = Calc(c.calc(1), depth + 1);
        return Count(Binary(op, left, right, c.op));
    }

    private SyntaxNode Unary(CelParser.UnaryContext c, int depth)
    {
        Enter(c, depth);
        switch (c)
        {
            case CelParser.LogicalNotContext not:
                return Prefixed(UnaryOperator.Not, not._ops, not.member(), depth);
            case CelParser.NegateContext negate:
                return Prefixed(UnaryOperator.Negate, negate._ops, negate.member(), depth);
            case CelParser.MemberExprContext member:
                return Member(member.member(), depth);
            default:
                return Refuse(c, "This construct is not part of the expression language.");
        }
    }

    private SyntaxNode Prefixed(UnaryOperator op, IList<IToken> ops, CelParser.MemberContext operand, int depth)
    {
        Enter(operand, depth + ops.Count);
        var node = Member(operand, depth + ops.Count);
        for (var i = ops.Count - 1; i >= 0; i--)
        {
            var start = ops[i].StartIndex;
            node = Count(new UnaryNode(op, node, start, node.Position + node.Length - start));
        }
        return node;
    }

    private SyntaxNode Member(CelParser.MemberContext c, int depth)
    {
        Enter(c, depth);
        switch (c)
        {
            case CelParser.PrimaryExprContext primary:
                return Primary(primary.primary(), depth);
            case CelParser.SelectContext select when select.opt is not null:
                return Refuse(c, $"Optional field selection '.?' at column {select.opt.StartIndex + 1} is not part of the expression language; compare the field with null instead.");
            case CelParser.SelectContext select:
                var target = Member(select.member(), depth + 1);
                return Count(new SelectNode(target, select.id.Text, select.id.StartIndex, Start(c), SpanLength(c)));
            case CelParser.MemberCallContext call:
                var receiver = Member(call.member(), depth + 1);
                var arguments = Arguments(call.args, depth + 1);
                return Count(new CallNode(call.id.Text, receiver, arguments, call.id.StartIndex, Start(c), SpanLength(c)));
            case CelParser.IndexContext index:
                return Refuse(c, $"Indexing '[...]' at column {index.op.StartIndex + 1} is not part of the expression language; name a nested field as a.b.");
            default:
                return Refuse(c, "This construct is not part of the expression language.");
        }
    }

    private SyntaxNode Primary(CelParser.PrimaryContext c, int depth)
    {
        Enter(c, depth);
        switch (c)
        {
            case CelParser.IdentOrGlobalCallContext ident when ident.leadingDot is not null:
                return Refuse(c, $"A name with a leading dot ('.{ident.id.Text}') is not part of the expression language.");
            case CelParser.IdentOrGlobalCallContext { op: not null } call:
                return Count(new CallNode(call.id.Text, null, Arguments(call.args, depth + 1), call.id.StartIndex, Start(c), SpanLength(c)));
            case CelParser.IdentOrGlobalCallContext ident:
                return Count(new IdentifierNode(ident.id.Text, Start(c), SpanLength(c)));
            case CelParser.NestedContext nested:
                // The parentheses belong to the operand's span, so an error about it quotes what was written.
                return Expr(nested.e, depth + 1) with { Position = Start(c), Length = SpanLength(c) };
            case CelParser.CreateListContext list:
                return List(list, depth);
            case CelParser.CreateStructContext:
                return Refuse(c, $"A map literal at column {Start(c) + 1} is not part of the expression language.");
            case CelParser.CreateMessageContext:
                return Refuse(c, $"Creating a message at column {Start(c) + 1} is not part of the expression language.");
            case CelParser.ConstantLiteralContext constant:
                return Literal(constant.literal());
            default:
                return Refuse(c, "This construct is not part of the expression language.");
        }
    }

    private ListNode List(CelParser.CreateListContext c, int depth)
    {
        var items = new List<SyntaxNode>();
        foreach (var element in c.elems?._elems ?? [])
        {
            if (element.opt is not null)
            {
                items.Add(Refuse(element, $"An optional list element '?' at column {element.opt.StartIndex + 1} is not part of the expression language."));
                continue;
            }
            items.Add(Expr(element.e, depth + 1));
        }
        return Count(new ListNode(items, Start(c), SpanLength(c)));
    }

    private List<SyntaxNode> Arguments(CelParser.ExprListContext? args, int depth) =>
        args is null ? [] : [.. args._e.Select(e => Expr(e, depth))];

    private LiteralNode Literal(CelParser.LiteralContext c)
    {
        var position = Start(c);
        var length = SpanLength(c);
        switch (c)
        {
            case CelParser.IntContext integer:
                return Number(c, (integer.sign is null ? "" : "-") + integer.tok.Text);
            case CelParser.UintContext unsigned:
                return Number(c, unsigned.tok.Text[..^1]);
            case CelParser.DoubleContext real:
                return double.TryParse((real.sign is null ? "" : "-") + real.tok.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? Count(new LiteralNode(d, position, length))
                    : Refuse(c, $"The number '{real.tok.Text}' at column {position + 1} is out of range.");
            case CelParser.StringContext text:
                var value = StringLiteral.Read(text.tok.Text, out var error);
                return value is null
                    ? Refuse(c, $"The string at column {position + 1} cannot be read: {error}.")
                    : Count(new LiteralNode(value, position, length));
            case CelParser.BoolTrueContext:
                return Count(new LiteralNode(true, position, length));
            case CelParser.BoolFalseContext:
                return Count(new LiteralNode(false, position, length));
            case CelParser.NullContext:
                return Count(new LiteralNode(null, position, length));
            case CelParser.BytesContext:
                return Refuse(c, $"A bytes literal at column {position + 1} is not part of the expression language.");
            default:
                return Refuse(c, "This literal is not part of the expression language.");
        }
    }

    /// <summary>An integer literal as a double; hexadecimal ones too.</summary>
    private LiteralNode Number(ParserRuleContext c, string token)
    {
        var negative = token.StartsWith('-');
        var digits = negative ? token[1..] : token;
        double value;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                return Refuse(c, $"The number '{token}' at column {Start(c) + 1} is out of range.");
            }
            value = hex;
        }
        else if (!double.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            return Refuse(c, $"The number '{token}' at column {Start(c) + 1} is out of range.");
        }
        return Count(new LiteralNode(negative ? -value : value, Start(c), SpanLength(c)));
    }

    private static BinaryNode Binary(BinaryOperator op, SyntaxNode left, SyntaxNode right, IToken token) =>
        new(op, left, right, token.StartIndex, left.Position, right.Position + right.Length - left.Position);

    private LiteralNode Refuse(ParserRuleContext c, string message)
    {
        _problems.Add(new ExpressionProblem(ErrorCodes.InvalidExpression, message, Start(c), SpanLength(c)));
        return new LiteralNode(null, Start(c), SpanLength(c));
    }

    private void Enter(ParserRuleContext c, int depth)
    {
        if (depth > _limits.MaxExpressionDepth)
        {
            throw new LimitReachedException(SourceScan.TooDeep(_limits, Start(c)));
        }
    }

    private T Count<T>(T node) where T : SyntaxNode
    {
        if (++_nodes > _limits.MaxExpressionNodes)
        {
            throw new LimitReachedException(new ExpressionProblem(ErrorCodes.ExpressionTooComplex,
                $"The expression has more than {_limits.MaxExpressionNodes} operators, fields and literals ({ExpressionLimits.Section}:{nameof(ExpressionLimits.MaxExpressionNodes)}).",
                0, _text.Length));
        }
        return node;
    }

    private static int Start(ParserRuleContext c) => c.Start.StartIndex;

    private static int SpanLength(ParserRuleContext c) => c.Stop is null ? 0 : Math.Max(0, c.Stop.StopIndex - c.Start.StartIndex + 1);

    /// <summary>Unwinds the tree walk at the first limit reached: past it, the rest of the tree is not worth reading.</summary>
#pragma warning disable CA1032, CA1064 // private control flow, never escapes Read
    private sealed class LimitReachedException(ExpressionProblem problem) : Exception(problem.Message)
#pragma warning restore CA1032, CA1064
    {
        public ExpressionProblem Problem { get; } = problem;
    }
}
