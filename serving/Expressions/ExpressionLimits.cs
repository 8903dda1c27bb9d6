namespace Mle.Serving.Expressions;

/// <summary>
/// How large an expression may be (<c>Mle:Limits</c>, beside the platform's other limits), checked on start by
/// <see cref="ExpressionLimitsValidator"/>. An expression over a limit is refused when it is compiled, with an error
/// naming the setting; evaluation then costs at most a number of steps bounded by <see cref="MaxExpressionNodes"/>.
/// </summary>
public sealed class ExpressionLimits
{
    public const string Section = "Mle:Limits";

    /// <summary>The longest expression, in UTF-16 characters (default 2,048; between 1 and 65,536).</summary>
    public int MaxExpressionLength { get; set; } = 2048;

    /// <summary>
    /// The most syntax nodes an expression may have: every literal, field, operator and call counts one (default 256;
    /// between 1 and 10,000). <c>A &gt; 0.5 &amp;&amp; segment == "gold"</c> has 7.
    /// </summary>
    public int MaxExpressionNodes { get; set; } = 256;

    /// <summary>
    /// How deeply an expression may nest (default 32; between 1 and 128): parentheses, brackets, calls and
    /// conditionals each open a level, and so does every operator over its operands, so a chain of n <c>+</c> is
    /// n levels deep. Bounds the recursion of parsing, checking and evaluation.
    /// </summary>
    public int MaxExpressionDepth { get; set; } = 32;
}
