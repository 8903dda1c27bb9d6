using Mle.Errors;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Expressions;

/// <summary>
/// Expressions come from whoever may define a pipeline or an endpoint: nothing they write reaches a CLR type, a method
/// or the host, and every such attempt is refused when the expression is compiled, never when it runs.
/// </summary>
public sealed class HostileExpressionTests
{
    private static readonly ExpressionCompiler Compiler = new();

    [Theory]
    [InlineData("segment.GetType()")]
    [InlineData("segment.ToString()")]
    [InlineData("segment.PadLeft(1000000000)")]
    [InlineData("segment.Replace(\"g\", \"G\")")]
    [InlineData("typeof(segment)")]
    [InlineData("type(segment)")]
    [InlineData("dyn(A)")]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\")")]
    [InlineData("System.IO.File.Delete(\"x\")")]
    [InlineData("System.Environment.Exit(1)")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\")")]
    [InlineData("Activator.CreateInstance(\"x\")")]
    [InlineData("new System.Object()")]
    [InlineData("new Foo()")]
    [InlineData("google.protobuf.Int64Value{value: 1}")]
    [InlineData("Foo{a: 1}")]
    [InlineData("{\"a\": 1}")]
    [InlineData("{\"a\": 1}[\"a\"] == 1")]
    [InlineData("[1, 2][0] == 1")]
    [InlineData("prediction[\"Probability\"] > 0.5")]
    [InlineData("has(prediction.Probability)")]
    [InlineData("[1, 2, 3].all(x, x > 0)")]
    [InlineData("[1, 2, 3].exists(x, x > A)")]
    [InlineData("[1, 2, 3].map(x, x * 2).size() > 0")]
    [InlineData("[1].filter(x, x > 0).size() == 1")]
    [InlineData("matches(segment, \"(a+)+$\")")]
    [InlineData("segment.matches(\"(a+)+$\")")]
    [InlineData("b\"bytes\" == b\"bytes\"")]
    [InlineData(".A > 1")]
    [InlineData("prediction.?Probability > 0.5")]
    [InlineData("[?A] == [1]")]
    [InlineData("timestamp(\"2020-01-01T00:00:00Z\")")]
    [InlineData("duration(\"1s\")")]
    [InlineData("int(A) == 1")]
    [InlineData("string(A)")]
    [InlineData("A; A")]
    [InlineData("A = 1")]
    [InlineData("A += 1")]
    [InlineData("x => x")]
    [InlineData("`A`")]
    [InlineData("$A")]
    [InlineData("@A")]
    [InlineData("A\u037E A")]
    [InlineData("eval(\"1\")")]
    [InlineData("while(true)")]
    [InlineData("import os")]
    [InlineData("__import__(\"os\")")]
    public void An_attempt_to_reach_beyond_the_language_is_refused_at_compile_time(string text)
    {
        var compilation = Compiler.TryCompile(text, Records.Schema);

        Assert.Null(compilation.Expression);
        Assert.NotEmpty(compilation.Problems);
        Assert.All(compilation.Problems, p => Assert.Contains(p.Code,
            new[] { ErrorCodes.InvalidExpression, ErrorCodes.UnknownField, ErrorCodes.ExpressionTypeMismatch }));
    }

    [Theory]
    [InlineData("A\u202E > 1")]
    [InlineData("segment == \"go\u202Eld\"")]
    [InlineData("A > 1 && vip\u200B")]
    [InlineData("\uFEFFA > 1")]
    [InlineData("A > 1\u0000")]
    [InlineData("A > 1 \u2028 && vip")]
    public void Invisible_control_and_unpaired_characters_are_refused_anywhere(string text)
    {
        var problem = Assert.Single(Compiler.TryCompile(text, Records.Schema).Problems);

        Assert.Equal(ErrorCodes.InvalidExpression, problem.Code);
        Assert.Contains("invisible, control or unpaired character", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused_even_inside_a_string()
    {
        var problem = Assert.Single(Compiler.TryCompile("segment == \"" + '\uD800' + "\"", Records.Schema).Problems);

        Assert.Equal(12, problem.Position);
        Assert.Contains("U+D800", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u0391 > 1")]
    [InlineData("segm\u0435nt == \"gold\"")]
    [InlineData("A \uFF1E 1")]
    [InlineData("A > \uFF11")]
    public void Look_alike_letters_and_digits_outside_strings_are_refused(string text)
    {
        var compilation = Compiler.TryCompile(text, Records.Schema);

        Assert.Null(compilation.Expression);
        Assert.Equal(ErrorCodes.InvalidExpression, compilation.Problems[0].Code);
    }

    [Fact]
    public void Any_unicode_inside_a_string_is_just_text()
    {
        var expression = Compiler.Compile("segment == \"g\u00F6ld \u0391\u4E2D\U0001F600\"", Records.Schema);

        Assert.Equal(true, expression.Evaluate(new Dictionary<string, object?> { ["segment"] = "g\u00F6ld \u0391\u4E2D\U0001F600" }));
    }

    [Fact]
    public void A_huge_expression_is_refused_before_it_is_parsed_naming_the_limit()
    {
        var text = string.Join(" + ", Enumerable.Repeat("A", 100_000));

        var problem = Assert.Single(Compiler.TryCompile(text, Records.Schema).Problems);

        Assert.Equal(ErrorCodes.ExpressionTooComplex, problem.Code);
        Assert.Contains("Mle:Limits:MaxExpressionLength", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("-(", ")")]
    [InlineData("!(", ")")]
    [InlineData("abs(", ")")]
    public void Deep_nesting_is_refused_naming_the_limit(string open, string close)
    {
        var text = string.Concat(Enumerable.Repeat(open, 100)) + "A" + string.Concat(Enumerable.Repeat(close, 100));

        var problem = Assert.Single(Compiler.TryCompile(text, Records.Schema).Problems);

        Assert.Equal(ErrorCodes.ExpressionTooComplex, problem.Code);
        Assert.Contains("Mle:Limits:MaxExpressionDepth", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_conditionals_count_towards_the_depth()
    {
        var text = string.Concat(Enumerable.Repeat("vip ? 1 : ", 200)) + "0";

        var problem = Assert.Single(Compiler.TryCompile(text, Records.Schema).Problems);

        Assert.Contains("Mle:Limits:MaxExpressionDepth", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unbalanced_deep_brackets_are_refused_without_overflowing_the_stack()
    {
        var text = new string('(', 2000);

        Assert.Equal(ErrorCodes.ExpressionTooComplex, Assert.Single(Compiler.TryCompile(text, Records.Schema).Problems).Code);
    }

    [Fact]
    public void Long_operator_chains_within_the_length_are_refused_by_depth_or_node_count()
    {
        var compiler = new ExpressionCompiler(new ExpressionLimits { MaxExpressionLength = 65_536, MaxExpressionDepth = 128, MaxExpressionNodes = 10_000 });
        foreach (var op in new[] { " + ", " && ", " == ", " * " })
        {
            var operand = op is " && " ? "vip" : "A";
            var text = string.Join(op, Enumerable.Repeat(operand, 10_000));

            var problem = Assert.Single(compiler.TryCompile(text, Records.Schema).Problems);

            Assert.Equal(ErrorCodes.ExpressionTooComplex, problem.Code);
        }
    }

    [Fact]
    public void Many_prefix_operators_are_refused_by_depth()
    {
        var text = new string('!', 1000) + "vip";

        Assert.Contains("MaxExpressionDepth", Assert.Single(Compiler.TryCompile(text, Records.Schema).Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Brackets_inside_strings_do_not_count_towards_the_depth()
    {
        var text = "segment == \"" + new string('(', 500) + "\"";

        Assert.NotNull(Compiler.TryCompile(text, Records.Schema).Expression);
    }
}
