using Mle.Errors;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Expressions;

/// <summary>Types are checked against the declared fields before anything is evaluated; every problem points at its text.</summary>
public sealed class ExpressionCheckTests
{
    private static readonly ExpressionCompiler Compiler = new();

    private static ExpressionProblem Single(string text, ValueKind? resultType = null)
    {
        var compilation = Compiler.TryCompile(text, Records.Schema, resultType);
        Assert.Null(compilation.Expression);
        return Assert.Single(compilation.Problems);
    }

    [Fact]
    public void An_unknown_field_is_refused_with_its_position_and_the_known_fields()
    {
        var problem = Single("A > 0.5 && segmnt == \"gold\"");

        Assert.Equal(ErrorCodes.UnknownField, problem.Code);
        Assert.Equal(11, problem.Position);
        Assert.Equal(6, problem.Length);
        Assert.Contains("'segmnt' at column 12", problem.Message, StringComparison.Ordinal);
        Assert.Contains("segment", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_nested_field_is_refused_naming_its_object()
    {
        var problem = Single("prediction.Prob > 0.5");

        Assert.Equal(ErrorCodes.UnknownField, problem.Code);
        Assert.Contains("'Prob' of 'prediction' at column 12", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Probability", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_names_are_case_sensitive()
    {
        Assert.Equal(ErrorCodes.UnknownField, Single("a > 1").Code);
    }

    [Theory]
    [InlineData("segment > 1", 8)]
    [InlineData("A == \"gold\"", 2)]
    [InlineData("A + segment", 2)]
    [InlineData("A && vip", 2)]
    [InlineData("!A", 0)]
    [InlineData("-segment", 0)]
    [InlineData("segment - \"x\"", 8)]
    [InlineData("vip < true", 4)]
    [InlineData("prediction == prediction", 11)]
    [InlineData("abs(segment)", 0)]
    [InlineData("A.size()", 2)]
    [InlineData("min(1)", 0)]
    [InlineData("A in [\"a\"]", 2)]
    [InlineData("A in B", 2)]
    [InlineData("vip ? 1 : \"one\"", 0)]
    [InlineData("A ? 1 : 2", 0)]
    [InlineData("A.B", 2)]
    [InlineData("scores == null", 0)]
    public void An_operator_applied_to_the_wrong_types_is_refused_where_it_stands(string text, int position)
    {
        var problem = Single(text);

        Assert.Equal(ErrorCodes.ExpressionTypeMismatch, problem.Code);
        Assert.Contains($"at column {position + 1}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var compilation = Compiler.TryCompile("x > 1 && segment > 2 && y == \"a\"", Records.Schema);

        Assert.Equal(
            [ErrorCodes.UnknownField, ErrorCodes.ExpressionTypeMismatch, ErrorCodes.UnknownField],
            compilation.Problems.Select(p => p.Code));
        Assert.Equal([0, 9, 24], compilation.Problems.Select(p => p.Position));
    }

    [Fact]
    public void A_predicate_must_yield_a_bool()
    {
        var problem = Single("A + 1", ValueKind.Boolean);

        Assert.Equal(ErrorCodes.ExpressionTypeMismatch, problem.Code);
        Assert.Contains("yields a number; it must yield a bool", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_computed_field_must_yield_a_scalar()
    {
        var problem = Single("prediction");

        Assert.Contains("yields an object", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_throws_an_invalid_expression_error_listing_every_problem()
    {
        var error = Assert.Throws<InvalidExpressionException>(() => Compiler.Compile("x > 1 && y", Records.Schema));

        Assert.Equal(ErrorCodes.UnknownField, error.Code);
        Assert.Equal("x > 1 && y", error.Target);
        Assert.Contains("'x' at column 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("'y' at column 10", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A >", 3)]
    [InlineData("A > > 1", 4)]
    [InlineData("(A > 1", 6)]
    [InlineData("A > 1)", 5)]
    [InlineData("A # 1", 2)]
    [InlineData("\"unterminated", 0)]
    [InlineData("A = 1", 2)]
    public void A_syntax_error_is_refused_with_its_position(string text, int position)
    {
        var compilation = Compiler.TryCompile(text, Records.Schema);

        Assert.Null(compilation.Expression);
        Assert.All(compilation.Problems, p => Assert.Equal(ErrorCodes.InvalidExpression, p.Code));
        Assert.Equal(position, compilation.Problems[0].Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_expression_is_refused(string text)
    {
        Assert.Equal(ErrorCodes.InvalidExpression, Single(text).Code);
    }

    [Theory]
    [InlineData("\"\\q\"")]
    [InlineData("\"\\u12\"")]
    [InlineData("\"\\UFFFFFFFF\"")]
    [InlineData("\"\\9\"")]
    public void A_string_with_a_bad_escape_is_refused(string text)
    {
        var compilation = Compiler.TryCompile(text, Records.Schema);

        Assert.Null(compilation.Expression);
        Assert.Equal(ErrorCodes.InvalidExpression, compilation.Problems[0].Code);
        Assert.Equal(0, compilation.Problems[0].Position);
        Assert.Contains("string at column 1", compilation.Problems[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0xFFFFFFFFFFFFFFFFFF")]
    [InlineData("1e999")]
    public void A_number_out_of_range_is_refused(string text)
    {
        Assert.Contains("out of range", Single(text).Message, StringComparison.Ordinal);
    }
}
