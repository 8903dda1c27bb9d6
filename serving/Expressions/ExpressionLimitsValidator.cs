using Microsoft.Extensions.Options;

namespace Mle.Serving.Expressions;

/// <summary>Fails startup with a message naming each <c>Mle:Limits:MaxExpression*</c> setting that is out of range.</summary>
public sealed class ExpressionLimitsValidator : IValidateOptions<ExpressionLimits>
{
    public const int LengthCeiling = 65_536;
    public const int NodesCeiling = 10_000;

    /// <summary>Deeper nesting would let a parse recurse far enough to endanger a thread's stack.</summary>
    public const int DepthCeiling = 128;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ExpressionLimits options)
    {
        var failures = new List<string>();
        Between(failures, nameof(options.MaxExpressionLength), options.MaxExpressionLength, LengthCeiling);
        Between(failures, nameof(options.MaxExpressionNodes), options.MaxExpressionNodes, NodesCeiling);
        Between(failures, nameof(options.MaxExpressionDepth), options.MaxExpressionDepth, DepthCeiling);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string setting, int value, int max)
    {
        if (value < 1 || value > max)
        {
            failures.Add($"{ExpressionLimits.Section}:{setting} must be between 1 and {max}; it is {value}.");
        }
    }
}
