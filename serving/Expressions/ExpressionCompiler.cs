using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Serving.Expressions.Binding;
using Mle.Serving.Expressions.Syntax;

namespace Mle.Serving.Expressions;

/// <summary>
/// Compiles the platform's expression language (pipeline filter and map steps, endpoint segment rules): CEL's syntax
/// (the Common Expression Language of Kubernetes, Envoy and Google's IAM), parsed by the <c>Cel</c> package, then
/// checked against the record's declared fields and compiled into typed delegates by our own binder.
/// Why this way, in short (the comparison is in <c>serving/Expressions/README.md</c>): CEL was made to be evaluated
/// safely on untrusted input, with no statements, loops or access to the host; none of the libraries compared checks
/// types against a schema before evaluation, so the checker is ours either way; CEL's parser gives every node its
/// position in the text, for errors that point at the mistake; and our own evaluator is much faster than any of the
/// libraries' interpreters.
/// </summary>
public sealed class ExpressionCompiler
{
    private readonly ExpressionLimits _limits;

    public ExpressionCompiler(IOptions<ExpressionLimits> limits)
        : this(limits.Value)
    {
    }

    public ExpressionCompiler(ExpressionLimits limits)
    {
        _limits = limits;
    }

    public ExpressionCompiler()
        : this(new ExpressionLimits())
    {
    }

    public ExpressionLimits Limits => _limits;

    /// <summary>
    /// Compiles <paramref name="text"/> against <paramref name="fields"/>, requiring it to yield
    /// <paramref name="resultType"/> when given (any of number, string, bool otherwise).
    /// </summary>
    /// <returns>The compiled expression, or every problem found: syntax, limits, unknown fields, types.</returns>
    public ExpressionCompilation TryCompile(string text, FieldSchema fields, ValueKind? resultType = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fields);
        var problems = new List<ExpressionProblem>();
        var tree = CelReader.Read(text, _limits, problems);
        if (tree is null)
        {
            return new ExpressionCompilation(null, problems);
        }
        var binder = new ExpressionBinder(text, problems);
        Bound? bound;
        try
        {
            bound = binder.Bind(tree, fields);
        }
        catch (InsufficientExecutionStackException)
        {
            problems.Add(SourceScan.TooDeep(_limits, 0));
            return new ExpressionCompilation(null, problems);
        }
        if (bound is null || problems.Count > 0)
        {
            return new ExpressionCompilation(null, problems);
        }
        var allowed = resultType is { } required
            ? bound.Kind == required
            : bound.Kind is ValueKind.Number or ValueKind.String or ValueKind.Boolean or ValueKind.Null;
        if (!allowed)
        {
            var wanted = resultType is { } r ? "a " + r.DisplayName() : "a number, a string or a bool";
            problems.Add(new ExpressionProblem(ErrorCodes.ExpressionTypeMismatch,
                $"The expression yields {(bound.Kind == ValueKind.Null ? "null" : (bound.Kind == ValueKind.Object ? "an object" : "a " + bound.Kind.DisplayName()))}; it must yield {wanted}.",
                0, text.Length));
            return new ExpressionCompilation(null, problems);
        }
        var expression = new CompiledExpression(text, bound.Kind, [.. binder.Fields], bound.Boxed,
            bound.Kind == ValueKind.Boolean ? bound.Boolean : null);
        return new ExpressionCompilation(expression, []);
    }

    /// <summary>As <see cref="TryCompile"/>, throwing when there are problems.</summary>
    /// <exception cref="InvalidExpressionException">The expression has problems; the message lists them all.</exception>
    public CompiledExpression Compile(string text, FieldSchema fields, ValueKind? resultType = null)
    {
        var compilation = TryCompile(text, fields, resultType);
        return compilation.Expression ?? throw Refused(text, compilation.Problems);
    }

    /// <summary>Compiles a bool expression, a predicate to <see cref="CompiledExpression.Matches"/> records with.</summary>
    /// <exception cref="InvalidExpressionException">The expression has problems or does not yield a bool.</exception>
    public CompiledExpression CompilePredicate(string text, FieldSchema fields) => Compile(text, fields, ValueKind.Boolean);

    private static InvalidExpressionException Refused(string text, IReadOnlyList<ExpressionProblem> problems)
    {
        var shown = text.Length > 200 ? text[..200] + "..." : text;
        return new InvalidExpressionException(problems[0].Code,
            $"The expression '{shown}' is refused: {string.Join(" ", problems.Select(p => p.Message))}", shown);
    }
}
