using Mle.Errors;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Expressions;

/// <summary>
/// What may go wrong while a well-typed expression runs: division by zero, a result that is not a finite number, and a
/// record whose value is not of its declared type. Each is an <see cref="ExpressionEvaluationException"/> (the
/// reason a pipeline puts beside a dead letter); nothing else escapes.
/// </summary>
public sealed class ExpressionEvaluationErrorTests
{
    private static readonly ExpressionCompiler Compiler = new();

    [Theory]
    [InlineData("A / Zero", "Division by zero in 'A / Zero' at column 3.")]
    [InlineData("A % Zero", "Remainder of a division by zero in 'A % Zero' at column 3.")]
    [InlineData("1 / (A - 0.9)", "Division by zero in '1 / (A - 0.9)' at column 3.")]
    public void Division_by_zero_is_an_evaluation_error(string text, string message)
    {
        var expression = Compiler.Compile(text, Records.Schema);

        var error = Assert.Throws<ExpressionEvaluationException>(() => expression.Evaluate(Records.Record()));

        Assert.Equal(ErrorCodes.ExpressionEvaluationFailed, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal(text, error.Target);
    }

    [Fact]
    public void Division_by_zero_of_an_unknown_value_is_unknown_not_an_error()
    {
        Assert.Null(Compiler.Compile("missing / Zero", Records.Schema).Evaluate(Records.Record()));
    }

    [Fact]
    public void A_result_that_is_not_finite_is_an_evaluation_error()
    {
        var expression = Compiler.Compile("A * 1e308 * 10", Records.Schema);

        var error = Assert.Throws<ExpressionEvaluationException>(() => expression.Evaluate(new Dictionary<string, object?> { ["A"] = 1.0 }));

        Assert.Contains("not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A > 1", "A", "x", "Field 'A' is declared as a number, but the record holds a string.")]
    [InlineData("segment == \"gold\"", "segment", 1, "Field 'segment' is declared as a string, but the record holds the number 1.")]
    [InlineData("vip", "vip", "yes", "Field 'vip' is declared as a bool, but the record holds a string.")]
    [InlineData("prediction.Probability > 0.5", "prediction", 0.5, "Field 'prediction' is declared as an object, but the record holds the number 0.5.")]
    public void A_value_of_another_type_than_declared_is_an_evaluation_error_naming_the_field(string text, string field, object value, string message)
    {
        var expression = Compiler.Compile(text, Records.Schema);

        var error = Assert.Throws<ExpressionEvaluationException>(() => expression.Evaluate(new Dictionary<string, object?> { [field] = value }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_nested_value_of_another_type_names_its_path()
    {
        var expression = Compiler.Compile("prediction.Probability > 0.5", Records.Schema);
        var record = new Dictionary<string, object?> { ["prediction"] = new Dictionary<string, object?> { ["Probability"] = "high" } };

        var error = Assert.Throws<ExpressionEvaluationException>(() => expression.Evaluate(record));

        Assert.Equal("Field 'prediction.Probability' is declared as a number, but the record holds a string.", error.Message);
    }

    [Fact]
    public void A_value_never_read_may_be_anything()
    {
        var expression = Compiler.Compile("vip || A > 1", Records.Schema);

        Assert.Equal(true, expression.Evaluate(new Dictionary<string, object?> { ["vip"] = true, ["A"] = "never read" }));
    }
}
