using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Expressions;

public sealed class ExpressionLimitsTests
{
    [Fact]
    public void An_expression_one_character_over_the_length_limit_is_refused_and_one_at_it_compiles()
    {
        var compiler = new ExpressionCompiler(new ExpressionLimits { MaxExpressionLength = 9 });

        Assert.NotNull(compiler.TryCompile("A > 0.125", Records.Schema).Expression);
        var problem = Assert.Single(compiler.TryCompile("A > 0.1255", Records.Schema).Problems);
        Assert.Equal(ErrorCodes.ExpressionTooComplex, problem.Code);
        Assert.Equal("The expression is 10 characters long; the limit is 9 (Mle:Limits:MaxExpressionLength).", problem.Message);
    }

    [Fact]
    public void Every_literal_field_operator_and_call_counts_as_a_node()
    {
        const string text = "A > 0.5 && segment == \"gold\"";
        var atLimit = new ExpressionCompiler(new ExpressionLimits { MaxExpressionNodes = 7 });
        var belowLimit = new ExpressionCompiler(new ExpressionLimits { MaxExpressionNodes = 6 });

        Assert.NotNull(atLimit.TryCompile(text, Records.Schema).Expression);
        var problem = Assert.Single(belowLimit.TryCompile(text, Records.Schema).Problems);
        Assert.Equal(ErrorCodes.ExpressionTooComplex, problem.Code);
        Assert.Contains("more than 6", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Mle:Limits:MaxExpressionNodes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Depth_counts_brackets_and_operators_over_their_operands()
    {
        var compiler = new ExpressionCompiler(new ExpressionLimits { MaxExpressionDepth = 3 });

        Assert.NotNull(compiler.TryCompile("A + B + 1", Records.Schema).Expression);
        Assert.NotNull(compiler.TryCompile("(A + 1)", Records.Schema).Expression);
        Assert.Contains("Mle:Limits:MaxExpressionDepth", Assert.Single(compiler.TryCompile("A + B + 1 + 2", Records.Schema).Problems).Message, StringComparison.Ordinal);
        Assert.Contains("Mle:Limits:MaxExpressionDepth", Assert.Single(compiler.TryCompile("((A + 1))", Records.Schema).Problems).Message, StringComparison.Ordinal);
        Assert.Contains("Mle:Limits:MaxExpressionDepth", Assert.Single(compiler.TryCompile("(((A)))", Records.Schema).Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_allow_realistic_rules()
    {
        var compiler = new ExpressionCompiler();
        var rule = string.Join(" || ", Enumerable.Range(0, 20).Select(i => $"(A > {i} && segment == \"s{i}\")"));

        Assert.NotNull(compiler.TryCompile(rule, Records.Schema).Expression);
    }

    [Fact]
    public void The_limits_are_read_from_mle_limits_and_checked_on_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mle:Limits:MaxExpressionLength"] = "5",
        }).Build();
        using var services = new ServiceCollection().AddMleExpressions(configuration).BuildServiceProvider();

        var compiler = services.GetRequiredService<ExpressionCompiler>();

        Assert.Equal(5, compiler.Limits.MaxExpressionLength);
        Assert.Equal(ErrorCodes.ExpressionTooComplex, Assert.Single(compiler.TryCompile("A > 0.5", Records.Schema).Problems).Code);
    }

    [Theory]
    [InlineData("MaxExpressionLength", "0", "Mle:Limits:MaxExpressionLength must be between 1 and 65536; it is 0.")]
    [InlineData("MaxExpressionNodes", "10001", "Mle:Limits:MaxExpressionNodes must be between 1 and 10000; it is 10001.")]
    [InlineData("MaxExpressionDepth", "129", "Mle:Limits:MaxExpressionDepth must be between 1 and 128; it is 129.")]
    public void A_limit_out_of_range_fails_naming_the_setting(string setting, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mle:Limits:" + setting] = value,
        }).Build();
        using var services = new ServiceCollection().AddMleExpressions(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ExpressionLimits>>().Value);

        Assert.Equal(message, Assert.Single(error.Failures));
    }
}
