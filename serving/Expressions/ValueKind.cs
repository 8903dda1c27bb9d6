namespace Mle.Serving.Expressions;

#pragma warning disable CA1720 // The language's types are named string and object, as the README and the errors name them.

/// <summary>
/// The types of the expression language. Every number is a 64-bit IEEE double (integer literals and integer fields
/// too), so <c>A &gt; 1</c> means what it reads whether <c>A</c> holds 0.9 or 2.
/// </summary>
public enum ValueKind
{
    /// <summary>The type of the literal <c>null</c>; a field of any type may also hold null.</summary>
    Null = 0,
    Boolean = 1,
    Number = 2,
    String = 3,

    /// <summary>A nested record with declared fields, such as a model's outputs (<c>prediction.Probability</c>).</summary>
    Object = 4,

    /// <summary>A vector column (a model's per-class scores): carried along by records, not readable by expressions.</summary>
    Vector = 5,

    /// <summary>A list literal, only as the right operand of <c>in</c>.</summary>
    List = 6,
}
