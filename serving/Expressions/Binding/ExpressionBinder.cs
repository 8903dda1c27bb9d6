using System.Runtime.CompilerServices;
using System.Text;
using Mle.Errors;
using Mle.Serving.Expressions.Syntax;
using Record = System.Collections.Generic.IReadOnlyDictionary<string, object?>;

namespace Mle.Serving.Expressions.Binding;

/// <summary>
/// Type-checks a syntax tree against a <see cref="FieldSchema"/> and, in the same walk, builds its evaluator as a tree
/// of typed delegates. It reports every problem it finds (a subexpression in error is skipped, so one mistake is
/// reported once), and refuses all but its own few functions: no name in an expression can reach a CLR type or method.
/// The null rules (documented in the README) are three-valued logic, as in SQL.
/// </summary>
internal sealed class ExpressionBinder(string text, List<ExpressionProblem> problems)
{
    private const string Functions = "abs, ceil, floor, max, min, round, size, and on strings contains, endsWith, startsWith, size";
    private readonly SortedSet<string> _fields = new(StringComparer.Ordinal);

    /// <summary>The top-level fields the expression reads.</summary>
    public IReadOnlyCollection<string> Fields => _fields;

    public Bound? Bind(SyntaxNode node, FieldSchema schema)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return node switch
        {
            LiteralNode literal => Literal(literal.Value),
            IdentifierNode identifier => Identifier(identifier, schema),
            SelectNode select => Select(select, schema),
            UnaryNode unary => Unary(unary, schema),
            BinaryNode binary => Binary(binary, schema),
            ConditionalNode conditional => Conditional(conditional, schema),
            ListNode list => List(list, schema),
            CallNode call => Call(call, schema),
            _ => throw new InvalidOperationException($"No binding for {node.GetType().Name}."),
        };
    }

    private static Bound Literal(object? value) => value switch
    {
        double d => new Bound(ValueKind.Number, (Func<Record, double?>)(_ => d)),
        string s => new Bound(ValueKind.String, (Func<Record, string?>)(_ => s)),
        bool b => new Bound(ValueKind.Boolean, (Func<Record, bool?>)(_ => b)),
        _ => new Bound(ValueKind.Null, null),
    };

    private Bound? Identifier(IdentifierNode node, FieldSchema schema)
    {
        var type = schema.Find(node.Name);
        if (type is null)
        {
            return Unknown(node, $"Unknown field '{node.Name}' at column {node.Position + 1}; {Known(schema)}.");
        }
        _fields.Add(node.Name);
        var name = node.Name;
        var expression = text;
        // A top-level field is read by one delegate, not two: this is the most common operand of all.
        return type.Kind switch
        {
            ValueKind.Number => new Bound(ValueKind.Number, (Func<Record, double?>)(r =>
                r.TryGetValue(name, out var v) ? v is double d ? d : RecordValues.Number(v, name, expression) : null)),
            ValueKind.String => new Bound(ValueKind.String, (Func<Record, string?>)(r =>
                r.TryGetValue(name, out var v) ? v as string ?? RecordValues.String(v, name, expression) : null)),
            _ => Read(type, name, r => RecordValues.Field(r, name), node),
        };
    }

    private Bound? Select(SelectNode node, FieldSchema schema)
    {
        var target = Bind(node.Target, schema);
        if (target is null)
        {
            return null;
        }
        var path = Source(node);
        if (target.Kind != ValueKind.Object)
        {
            return Mismatch(node, $"'{path}' at column {node.FieldPosition + 1} reads a field of {Source(node.Target)}, which is a {target.Kind.DisplayName()}, not an object.");
        }
        var type = target.Type!.Fields!.Find(node.Field);
        if (type is null)
        {
            return Unknown(node, $"Unknown field '{node.Field}' of '{Source(node.Target)}' at column {node.FieldPosition + 1}; {Known(target.Type.Fields!)}.");
        }
        var container = target.Object;
        var field = node.Field;
        var expression = text;
        return Read(type, path, r => RecordValues.Field(container(r), field, path, expression), node);
    }

    /// <summary>The evaluator that reads a field found by <paramref name="find"/> as its declared type.</summary>
    private Bound? Read(FieldType type, string path, Func<Record, object?> find, SyntaxNode node)
    {
        var expression = text;
        return type.Kind switch
        {
            ValueKind.Number => new Bound(ValueKind.Number, (Func<Record, double?>)(r => RecordValues.Number(find(r), path, expression))),
            ValueKind.String => new Bound(ValueKind.String, (Func<Record, string?>)(r => RecordValues.String(find(r), path, expression))),
            ValueKind.Boolean => new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r => RecordValues.Boolean(find(r), path, expression))),
            ValueKind.Object => new Bound(ValueKind.Object, (Func<Record, object?>)(r => RecordValues.Object(find(r), path, expression)), type),
            _ => Mismatch(node, $"Field '{path}' at column {node.Position + 1} is a {type.Kind.DisplayName()}; expressions read numbers, strings, bools and objects' fields."),
        };
    }

    private Bound? Unary(UnaryNode node, FieldSchema schema)
    {
        var operand = Bind(node.Operand, schema);
        if (operand is null)
        {
            return null;
        }
        if (node.Operator == UnaryOperator.Not)
        {
            if (!Expect(operand, ValueKind.Boolean, node, "'!'"))
            {
                return null;
            }
            var f = operand.Boolean;
            return new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r => !f(r)));
        }
        if (!Expect(operand, ValueKind.Number, node, "'-'"))
        {
            return null;
        }
        var n = operand.Number;
        return new Bound(ValueKind.Number, (Func<Record, double?>)(r => -n(r)));
    }

    private Bound? Binary(BinaryNode node, FieldSchema schema)
    {
        var left = Bind(node.Left, schema);
        var right = node.Operator == BinaryOperator.In && node.Right is ListNode list ? List(list, schema) : Bind(node.Right, schema);
        if (left is null || right is null)
        {
            return null;
        }
        switch (node.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                return Logical(node, left, right);
            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                return Equality(node, left, right);
            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                return Comparison(node, left, right);
            case BinaryOperator.In:
                return In(node, left, right);
            case BinaryOperator.Add when left.Kind == ValueKind.String && right.Kind == ValueKind.String:
                var a = left.String;
                var b = right.String;
                return new Bound(ValueKind.String, (Func<Record, string?>)(r => a(r) is { } x && b(r) is { } y ? string.Concat(x, y) : null));
            default:
                return Arithmetic(node, left, right);
        }
    }

    private Bound? Logical(BinaryNode node, Bound left, Bound right)
    {
        var symbol = node.Operator == BinaryOperator.And ? "'&&'" : "'||'";
        if (left.Kind != ValueKind.Boolean || right.Kind != ValueKind.Boolean)
        {
            return Mismatch(node, $"{symbol} at column {node.OperatorPosition + 1} needs two bools, not {Article(left.Kind)} and {Article(right.Kind)}.");
        }
        var a = left.Boolean;
        var b = right.Boolean;
        // Kleene's three-valued logic: false && null is false, true || null is true; otherwise null stays unknown.
        return node.Operator == BinaryOperator.And
            ? new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r =>
            {
                var x = a(r);
                if (x == false)
                {
                    return false;
                }
                var y = b(r);
                return y == false ? false : x == true && y == true ? true : null;
            }))
            : new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r =>
            {
                var x = a(r);
                if (x == true)
                {
                    return true;
                }
                var y = b(r);
                return y == true ? true : x == false && y == false ? false : null;
            }));
    }

    private Bound? Equality(BinaryNode node, Bound left, Bound right)
    {
        var negate = node.Operator == BinaryOperator.NotEqual;
        Func<Record, bool> equal;
        if (left.Kind == ValueKind.Null || right.Kind == ValueKind.Null)
        {
            if (left.Kind is ValueKind.List || right.Kind is ValueKind.List)
            {
                return Mismatch(node, $"A list at column {node.Position + 1} can only stand on the right of 'in'.");
            }
            var isNull = left.Kind == ValueKind.Null ? right.IsNull : left.IsNull;
            equal = isNull;
        }
        else
        {
            var kind = Same(node, left, right, node.Operator == BinaryOperator.Equal ? "'=='" : "'!='", ValueKind.Number, ValueKind.String, ValueKind.Boolean);
            if (kind is null)
            {
                return null;
            }
            equal = Equals(kind.Value, left, right);
        }
        return new Bound(ValueKind.Boolean, (Func<Record, bool?>)(negate ? r => !equal(r) : r => equal(r)));
    }

    /// <summary>Equality where null equals null and nothing else: never unknown, so <c>x == null</c> tests presence.</summary>
    private static Func<Record, bool> Equals(ValueKind kind, Bound left, Bound right)
    {
        switch (kind)
        {
            case ValueKind.Number:
                var na = left.Number;
                var nb = right.Number;
                return r => na(r) == nb(r);
            case ValueKind.Boolean:
                var ba = left.Boolean;
                var bb = right.Boolean;
                return r => ba(r) == bb(r);
            default:
                var sa = left.String;
                var sb = right.String;
                return r => string.Equals(sa(r), sb(r), StringComparison.Ordinal);
        }
    }

    private Bound? Comparison(BinaryNode node, Bound left, Bound right)
    {
        var symbol = node.Operator switch
        {
            BinaryOperator.Less => "'<'",
            BinaryOperator.LessOrEqual => "'<='",
            BinaryOperator.Greater => "'>'",
            _ => "'>='",
        };
        var kind = Same(node, left, right, symbol, ValueKind.Number, ValueKind.String);
        if (kind is null)
        {
            return null;
        }
        Func<int, bool> holds = node.Operator switch
        {
            BinaryOperator.Less => c => c < 0,
            BinaryOperator.LessOrEqual => c => c <= 0,
            BinaryOperator.Greater => c => c > 0,
            _ => c => c >= 0,
        };
        if (kind == ValueKind.String)
        {
            var sa = left.String;
            var sb = right.String;
            return new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r =>
                sa(r) is { } x && sb(r) is { } y ? holds(string.CompareOrdinal(x, y)) : null));
        }
        var a = left.Number;
        var b = right.Number;
        // Written out per operator: the comparison of two numbers is the hot path of most predicates.
        return node.Operator switch
        {
            BinaryOperator.Less => new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r => a(r) is { } x && b(r) is { } y ? x < y : null)),
            BinaryOperator.LessOrEqual => new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r => a(r) is { } x && b(r) is { } y ? x <= y : null)),
            BinaryOperator.Greater => new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r => a(r) is { } x && b(r) is { } y ? x > y : null)),
            _ => new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r => a(r) is { } x && b(r) is { } y ? x >= y : null)),
        };
    }

    private Bound? In(BinaryNode node, Bound left, Bound right)
    {
        if (right.Kind != ValueKind.List)
        {
            return Mismatch(node, $"'in' at column {node.OperatorPosition + 1} needs a list on its right, as in x in [1, 2] or s in [\"a\", \"b\"].");
        }
        if (left.Kind is not (ValueKind.Number or ValueKind.String or ValueKind.Boolean))
        {
            return Mismatch(node, $"'in' at column {node.OperatorPosition + 1} needs a number, a string or a bool on its left, not {Article(left.Kind)}.");
        }
        var tests = new List<Func<Record, bool>>();
        foreach (var item in right.Items!)
        {
            if (item.Kind == ValueKind.Null)
            {
                tests.Add(left.IsNull);
            }
            else if (item.Kind != left.Kind)
            {
                return Mismatch(node, $"'in' at column {node.OperatorPosition + 1} looks for {Article(left.Kind)} in a list holding {Article(item.Kind)}.");
            }
            else
            {
                tests.Add(Equals(left.Kind, left, item));
            }
        }
        var all = tests.ToArray();
        return new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r =>
        {
            foreach (var test in all)
            {
                if (test(r))
                {
                    return true;
                }
            }
            return false;
        }));
    }

    private Bound? Arithmetic(BinaryNode node, Bound left, Bound right)
    {
        var symbol = node.Operator switch
        {
            BinaryOperator.Add => "'+'",
            BinaryOperator.Subtract => "'-'",
            BinaryOperator.Multiply => "'*'",
            BinaryOperator.Divide => "'/'",
            _ => "'%'",
        };
        if (node.Operator == BinaryOperator.Add && (left.Kind == ValueKind.String || right.Kind == ValueKind.String))
        {
            return Mismatch(node, $"'+' at column {node.OperatorPosition + 1} adds two numbers or joins two strings, not {Article(left.Kind)} and {Article(right.Kind)}.");
        }
        if (left.Kind != ValueKind.Number || right.Kind != ValueKind.Number)
        {
            return Mismatch(node, $"{symbol} at column {node.OperatorPosition + 1} needs two numbers, not {Article(left.Kind)} and {Article(right.Kind)}.");
        }
        var a = left.Number;
        var b = right.Number;
        var expression = text;
        var where = $"'{Source(node)}' at column {node.OperatorPosition + 1}";
        Func<double, double, double> op = node.Operator switch
        {
            BinaryOperator.Add => (x, y) => x + y,
            BinaryOperator.Subtract => (x, y) => x - y,
            BinaryOperator.Multiply => (x, y) => x * y,
            BinaryOperator.Divide => (x, y) => y == 0 ? throw new ExpressionEvaluationException($"Division by zero in {where}.", expression) : x / y,
            _ => (x, y) => y == 0 ? throw new ExpressionEvaluationException($"Remainder of a division by zero in {where}.", expression) : x % y,
        };
        return new Bound(ValueKind.Number, (Func<Record, double?>)(r =>
        {
            if (a(r) is not { } x || b(r) is not { } y)
            {
                return null;
            }
            var result = op(x, y);
            return double.IsFinite(result)
                ? result
                : throw new ExpressionEvaluationException($"{where} gives {result}, which is not a finite number.", expression);
        }));
    }

    private Bound? Conditional(ConditionalNode node, FieldSchema schema)
    {
        var condition = Bind(node.Condition, schema);
        var then = Bind(node.Then, schema);
        var otherwise = Bind(node.Else, schema);
        if (condition is null || then is null || otherwise is null)
        {
            return null;
        }
        if (!Expect(condition, ValueKind.Boolean, node, "the condition of '? :'"))
        {
            return null;
        }
        var kind = then.Kind == ValueKind.Null ? otherwise.Kind : then.Kind;
        if (kind is not (ValueKind.Number or ValueKind.String or ValueKind.Boolean or ValueKind.Null)
            || (then.Kind != ValueKind.Null && otherwise.Kind != ValueKind.Null && then.Kind != otherwise.Kind))
        {
            return Mismatch(node, $"The branches of '? :' at column {node.Position + 1} must have one type (number, string or bool, or null), not {Article(then.Kind)} and {Article(otherwise.Kind)}.");
        }
        var test = condition.Boolean;
        // An unknown (null) condition takes the else branch, as SQL's CASE does.
        return kind switch
        {
            ValueKind.Number => Choose(test, then.Number, otherwise.Number, kind),
            ValueKind.String => Choose(test, then.String, otherwise.String, kind),
            ValueKind.Boolean => Choose(test, then.Boolean, otherwise.Boolean, kind),
            _ => new Bound(ValueKind.Null, null),
        };
    }

    private static Bound Choose<T>(Func<Record, bool?> test, Func<Record, T> then, Func<Record, T> otherwise, ValueKind kind) =>
        new(kind, (Func<Record, T>)(r => test(r) == true ? then(r) : otherwise(r)));

    private Bound? List(ListNode node, FieldSchema schema)
    {
        var items = new List<Bound>();
        var failed = false;
        foreach (var item in node.Items)
        {
            var bound = Bind(item, schema);
            if (bound is null)
            {
                failed = true;
            }
            else if (bound.Kind is ValueKind.List or ValueKind.Object)
            {
                failed = true;
                Mismatch(item, $"A list at column {node.Position + 1} holds numbers, strings or bools, not {Article(bound.Kind)}.");
            }
            else
            {
                items.Add(bound);
            }
        }
        return failed ? null : new Bound(ValueKind.List, null, Items: items);
    }

    private Bound? Call(CallNode node, FieldSchema schema)
    {
        var receiver = node.Receiver is null ? null : Bind(node.Receiver, schema);
        var arguments = node.Arguments.Select(a => Bind(a, schema)).ToList();
        if ((node.Receiver is not null && receiver is null) || arguments.Any(a => a is null))
        {
            return null;
        }
        var args = arguments.Select(a => a!).ToArray();
        if (receiver is null)
        {
            return node.Function switch
            {
                "abs" => NumberFunction(node, args, Math.Abs),
                "floor" => NumberFunction(node, args, Math.Floor),
                "ceil" => NumberFunction(node, args, Math.Ceiling),
                "round" => NumberFunction(node, args, x => Math.Round(x, MidpointRounding.AwayFromZero)),
                "min" => NumberFunction(node, args, Math.Min),
                "max" => NumberFunction(node, args, Math.Max),
                "size" => Size(node, args),
                _ => NotAFunction(node),
            };
        }
        return node.Function switch
        {
            "startsWith" => StringTest(node, receiver, args, (s, p) => s.StartsWith(p, StringComparison.Ordinal)),
            "endsWith" => StringTest(node, receiver, args, (s, p) => s.EndsWith(p, StringComparison.Ordinal)),
            "contains" => StringTest(node, receiver, args, (s, p) => s.Contains(p, StringComparison.Ordinal)),
            "size" => Size(node, [receiver, .. args]),
            _ => NotAFunction(node),
        };
    }

    private Bound? NumberFunction(CallNode node, Bound[] args, Func<double, double> f)
    {
        if (!Arity(node, args, 1, "a number") || !Expect(args[0], ValueKind.Number, node, $"'{node.Function}'"))
        {
            return null;
        }
        var x = args[0].Number;
        return new Bound(ValueKind.Number, (Func<Record, double?>)(r => x(r) is { } v ? f(v) : null));
    }

    private Bound? NumberFunction(CallNode node, Bound[] args, Func<double, double, double> f)
    {
        if (!Arity(node, args, 2, "two numbers"))
        {
            return null;
        }
        if (args[0].Kind != ValueKind.Number || args[1].Kind != ValueKind.Number)
        {
            return Mismatch(node, $"'{node.Function}' at column {node.FunctionPosition + 1} needs two numbers, not {Article(args[0].Kind)} and {Article(args[1].Kind)}.");
        }
        var x = args[0].Number;
        var y = args[1].Number;
        return new Bound(ValueKind.Number, (Func<Record, double?>)(r => x(r) is { } a && y(r) is { } b ? f(a, b) : null));
    }

    private Bound? Size(CallNode node, Bound[] args)
    {
        if (!Arity(node, args, 1, "a string") || !Expect(args[0], ValueKind.String, node, "'size'"))
        {
            return null;
        }
        var s = args[0].String;
        // Unicode code points, as CEL counts them, not UTF-16 units.
        return new Bound(ValueKind.Number, (Func<Record, double?>)(r => s(r) is { } v ? v.EnumerateRunes().Count() : null));
    }

    private Bound? StringTest(CallNode node, Bound receiver, Bound[] args, Func<string, string, bool> test)
    {
        if (!Expect(receiver, ValueKind.String, node, $"'{node.Function}'")
            || !Arity(node, args, 1, "a string") || !Expect(args[0], ValueKind.String, node, $"'{node.Function}'"))
        {
            return null;
        }
        var s = receiver.String;
        var p = args[0].String;
        return new Bound(ValueKind.Boolean, (Func<Record, bool?>)(r => s(r) is { } a && p(r) is { } b ? test(a, b) : null));
    }

    private bool Arity(CallNode node, Bound[] args, int count, string what)
    {
        if (args.Length == count)
        {
            return true;
        }
        Mismatch(node, $"'{node.Function}' at column {node.FunctionPosition + 1} takes {what}, not {args.Length} argument{(args.Length == 1 ? "" : "s")}.");
        return false;
    }

    private Bound? NotAFunction(CallNode node)
    {
        problems.Add(new ExpressionProblem(ErrorCodes.InvalidExpression,
            $"'{node.Function}' at column {node.FunctionPosition + 1} is not a function of the expression language (it has {Functions}).",
            node.FunctionPosition, node.Function.Length));
        return null;
    }

    /// <summary>The one kind both operands share among <paramref name="allowed"/>, or null with a problem reported.</summary>
    private ValueKind? Same(BinaryNode node, Bound left, Bound right, string symbol, params ValueKind[] allowed)
    {
        if (left.Kind == right.Kind && allowed.Contains(left.Kind))
        {
            return left.Kind;
        }
        var names = string.Join(" or ", allowed.Select(k => "two " + k.DisplayName() + "s"));
        Mismatch(node, $"{symbol} at column {node.OperatorPosition + 1} compares {names}, not {Article(left.Kind)} and {Article(right.Kind)}.");
        return null;
    }

    private bool Expect(Bound operand, ValueKind kind, SyntaxNode node, string what)
    {
        if (operand.Kind == kind)
        {
            return true;
        }
        var at = node is BinaryNode binary ? binary.OperatorPosition : node is CallNode call ? call.FunctionPosition : node.Position;
        Mismatch(node, $"{char.ToUpperInvariant(what[0])}{what[1..]} at column {at + 1} needs {Article(kind)}, not {Article(operand.Kind)}.");
        return false;
    }

    private Bound? Mismatch(SyntaxNode node, string message)
    {
        problems.Add(new ExpressionProblem(ErrorCodes.ExpressionTypeMismatch, message, node.Position, node.Length));
        return null;
    }

    private Bound? Unknown(SyntaxNode node, string message)
    {
        problems.Add(new ExpressionProblem(ErrorCodes.UnknownField, message, node.Position, node.Length));
        return null;
    }

    private string Source(SyntaxNode node) => text.Substring(node.Position, Math.Min(node.Length, text.Length - node.Position));

    private static string Known(FieldSchema schema)
    {
        if (schema.Count == 0)
        {
            return "no fields are declared";
        }
        var names = new StringBuilder("the fields are ");
        names.AppendJoin(", ", schema.Names.Take(20));
        if (schema.Count > 20)
        {
            names.Append(", ... (").Append(schema.Count).Append(" in all)");
        }
        return names.ToString();
    }

    private static string Article(ValueKind kind) => kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Object => "an object",
        _ => "a " + kind.DisplayName(),
    };
}
