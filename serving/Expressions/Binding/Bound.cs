namespace Mle.Serving.Expressions.Binding;

/// <summary>
/// A checked subexpression: its type and its evaluator, a delegate over the record whose result type follows the kind
/// (<c>double?</c> for numbers, <c>string?</c>, <c>bool?</c>, the nested record as <c>object?</c>); null for the
/// literal null and for lists, which only <c>in</c> reads, through <see cref="Items"/>.
/// </summary>
internal sealed record Bound(ValueKind Kind, Delegate? Evaluate, FieldType? Type = null, IReadOnlyList<Bound>? Items = null)
{
    public Func<IReadOnlyDictionary<string, object?>, double?> Number =>
        Kind == ValueKind.Null ? static _ => null : (Func<IReadOnlyDictionary<string, object?>, double?>)Evaluate!;

    public Func<IReadOnlyDictionary<string, object?>, string?> String =>
        Kind == ValueKind.Null ? static _ => null : (Func<IReadOnlyDictionary<string, object?>, string?>)Evaluate!;

    public Func<IReadOnlyDictionary<string, object?>, bool?> Boolean =>
        Kind == ValueKind.Null ? static _ => null : (Func<IReadOnlyDictionary<string, object?>, bool?>)Evaluate!;

    public Func<IReadOnlyDictionary<string, object?>, object?> Object =>
        Kind == ValueKind.Null ? static _ => null : (Func<IReadOnlyDictionary<string, object?>, object?>)Evaluate!;

    /// <summary>The value boxed (a double, a string, a bool) or null: what <see cref="CompiledExpression.Evaluate"/> returns.</summary>
    public Func<IReadOnlyDictionary<string, object?>, object?> Boxed => Kind switch
    {
        ValueKind.Number => Box(Number),
        ValueKind.String => String,
        ValueKind.Boolean => Box(Boolean),
        ValueKind.Object => Object,
        _ => static _ => null,
    };

    /// <summary>Whether the value is null, without boxing it.</summary>
    public Func<IReadOnlyDictionary<string, object?>, bool> IsNull
    {
        get
        {
            switch (Kind)
            {
                case ValueKind.Number:
                    var number = Number;
                    return r => number(r) is null;
                case ValueKind.Boolean:
                    var boolean = Boolean;
                    return r => boolean(r) is null;
                case ValueKind.String:
                    var text = String;
                    return r => text(r) is null;
                case ValueKind.Object:
                    var obj = Object;
                    return r => obj(r) is null;
                default:
                    return static _ => true;
            }
        }
    }

    private static Func<IReadOnlyDictionary<string, object?>, object?> Box<T>(Func<IReadOnlyDictionary<string, object?>, T?> f) where T : struct =>
        r => f(r) is { } value ? value : null;
}
