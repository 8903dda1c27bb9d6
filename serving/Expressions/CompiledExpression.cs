using Mle.Errors;

namespace Mle.Serving.Expressions;

/// <summary>
/// An expression checked against a schema and compiled once, to be evaluated any number of times, from any number of
/// threads at once (it holds no state between evaluations). A record is a dictionary of field name to value; see
/// <see cref="Evaluate"/> for what it may hold.
/// </summary>
public sealed class CompiledExpression
{
    private readonly Func<IReadOnlyDictionary<string, object?>, object?> _evaluate;
    private readonly Func<IReadOnlyDictionary<string, object?>, bool?>? _predicate;

    internal CompiledExpression(
        string text,
        ValueKind resultType,
        IReadOnlyList<string> fields,
        Func<IReadOnlyDictionary<string, object?>, object?> evaluate,
        Func<IReadOnlyDictionary<string, object?>, bool?>? predicate)
    {
        Text = text;
        ResultType = resultType;
        Fields = fields;
        _evaluate = evaluate;
        _predicate = predicate;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The type of every value the expression yields (besides null): number, string or bool, or null for the literal null.</summary>
    public ValueKind ResultType { get; }

    /// <summary>The top-level fields the expression reads, in ordinal order.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>
    /// The expression's value on <paramref name="record"/>: a <see cref="double"/>, a <see cref="string"/>, a
    /// <see cref="bool"/>, or null. The record's values may be any CLR number, string, bool, null, nested records
    /// (dictionaries of the same kind) or <see cref="System.Text.Json.JsonElement"/>s of these; a field it lacks reads
    /// as null.
    /// </summary>
    /// <exception cref="ExpressionEvaluationException">
    /// Division by zero, a result that is not a finite number, or a field holding a value of another type than the
    /// schema declares; nothing else is thrown for any record.
    /// </exception>
    public object? Evaluate(IReadOnlyDictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _evaluate(record);
    }

    /// <summary>
    /// Whether a bool expression holds on <paramref name="record"/>: true only when it yields true, so an unknown
    /// (null) result does not match.
    /// </summary>
    /// <exception cref="ExpressionEvaluationException">As for <see cref="Evaluate"/>.</exception>
    /// <exception cref="InvalidOperationException">The expression does not yield a bool.</exception>
    public bool Matches(IReadOnlyDictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _predicate is null
            ? throw new InvalidOperationException($"'{Text}' yields a {ResultType.DisplayName()}, not a bool.")
            : _predicate(record) == true;
    }

    public override string ToString() => Text;
}
