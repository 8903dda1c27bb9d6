using System.Text.Json;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Expressions;

/// <summary>What expressions evaluate to on <see cref="Records.Record"/>: the language's semantics as a table.</summary>
public sealed class ExpressionValueTests
{
    private static readonly ExpressionCompiler Compiler = new();

    public static TheoryData<string, object?> Table() => new()
    {
        // literals
        { "1", 1.0 },
        { "-2.5", -2.5 },
        { "0x10", 16.0 },
        { "3u", 3.0 },
        { "1e3", 1000.0 },
        { "\"gold\"", "gold" },
        { "'single'", "single" },
        { "r\"raw\\n\"", "raw\\n" },
        { "\"tab\\there\"", "tab\there" },
        { "\"\\u00e9t\\u00e9\"", "été" },
        { "\"\"\"triple \" quoted\"\"\"", "triple \" quoted" },
        { "true", true },
        { "false", false },
        { "null", null },
        // fields
        { "A", 0.9 },
        { "B", (double)0.8f },
        { "segment", "gold" },
        { "vip", true },
        { "prediction.Probability", (double)0.99f },
        { "prediction.PredictedLabel", true },
        { "missing", null },
        { "absent.Probability", null },
        // arithmetic: every number is a double
        { "A + B", 0.9 + (double)0.8f },
        { "A - 1", 0.9 - 1 },
        { "2 * 3", 6.0 },
        { "7 / 2", 3.5 },
        { "7 % 4", 3.0 },
        { "-7 % 4", -3.0 },
        { "-A", -0.9 },
        { "--A", 0.9 },
        { "1 + 2 * 3", 7.0 },
        { "(1 + 2) * 3", 9.0 },
        { "10 - 4 - 3", 3.0 },
        { "missing + 1", null },
        // strings
        { "segment + \"-\" + country", "gold-US-CA" },
        { "nothing + \"x\"", null },
        { "size(segment)", 4.0 },
        { "segment.size()", 4.0 },
        { "size(\"été\")", 3.0 },
        { "country.startsWith(\"US\")", true },
        { "country.endsWith(\"CA\")", true },
        { "country.contains(\"-\")", true },
        { "country.startsWith(\"us\")", false },
        // functions
        { "abs(-2)", 2.0 },
        { "floor(2.7)", 2.0 },
        { "ceil(2.1)", 3.0 },
        { "round(2.5)", 3.0 },
        { "round(-2.5)", -3.0 },
        { "min(A, B)", (double)0.8f },
        { "max(A, 2)", 2.0 },
        { "abs(missing)", null },
        // comparisons
        { "A > 0.5", true },
        { "A >= 0.9", true },
        { "A < 0.5", false },
        { "A <= 0.5", false },
        { "A == 0.9", true },
        { "A != 0.9", false },
        { "Zero == 0", true },
        { "segment == \"gold\"", true },
        { "segment != \"gold\"", false },
        { "segment < \"silver\"", true },
        { "\"Z\" < \"a\"", true },
        { "vip == true", true },
        // the examples
        { "A > 0.5 && segment == \"gold\"", true },
        { "A > 0.95 || segment == \"gold\"", true },
        { "A > 0.95 && segment == \"gold\"", false },
        { "!(A > 0.5)", false },
        { "!vip", false },
        { "prediction.Probability > 0.9 && prediction.PredictedLabel", true },
        // in
        { "segment in [\"gold\", \"silver\"]", true },
        { "segment in [\"bronze\"]", false },
        { "A in [0.9, 1]", true },
        { "A in [B, 2]", false },
        { "missing in [1, null]", true },
        { "nothing in [\"a\"]", false },
        // conditional
        { "A > 0.5 ? \"high\" : \"low\"", "high" },
        { "A > 1 ? 1 : 0", 0.0 },
        { "vip ? A : null", 0.9 },
        { "unknown ? 1 : 2", 2.0 },
        { "A > 0.5 ? (B > 0.5 ? 2 : 1) : 0", 2.0 },
        // null: comparisons are unknown, equality is null-aware, logic is three-valued
        { "missing > 1", null },
        { "missing < 1", null },
        { "!(missing > 1)", null },
        { "missing == null", true },
        { "missing != null", false },
        { "A == null", false },
        { "null == null", true },
        { "missing == 1", false },
        { "missing != 1", true },
        { "prediction != null", true },
        { "absent == null", true },
        { "unknown && false", false },
        { "unknown && true", null },
        { "unknown || true", true },
        { "unknown || false", null },
        { "false && Zero / Zero > 1", false },
        { "true || Zero / Zero > 1", true },
        // comments and layout
        { "A > 0.5 // high enough\n && vip", true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void An_expression_evaluates_to_its_value(string text, object? expected)
    {
        var expression = Compiler.Compile(text, Records.Schema);

        Assert.Equal(expected, expression.Evaluate(Records.Record()));
    }

    [Theory]
    [InlineData("A > 0.5 && segment == \"gold\"", true)]
    [InlineData("A > 0.95", false)]
    [InlineData("missing > 1", false)]
    [InlineData("!(missing > 1)", false)]
    [InlineData("unknown || true", true)]
    public void A_predicate_matches_only_when_it_yields_true(string text, bool matches)
    {
        var predicate = Compiler.CompilePredicate(text, Records.Schema);

        Assert.Equal(matches, predicate.Matches(Records.Record()));
    }

    [Fact]
    public void A_compiled_expression_evaluates_many_records()
    {
        var predicate = Compiler.CompilePredicate("A > 0.5 && segment == \"gold\"", Records.Schema);
        var records = new[]
        {
            new Dictionary<string, object?> { ["A"] = 0.6, ["segment"] = "gold" },
            new Dictionary<string, object?> { ["A"] = 0.4, ["segment"] = "gold" },
            new Dictionary<string, object?> { ["A"] = 0.6, ["segment"] = "silver" },
            new Dictionary<string, object?> { ["segment"] = "gold" },
            new Dictionary<string, object?>(),
        };

        Assert.Equal([true, false, false, false, false], records.Select(predicate.Matches));
    }

    [Fact]
    public void Integer_and_float_fields_of_every_clr_type_read_as_numbers()
    {
        var sum = Compiler.Compile("A + B + Zero", Records.Schema);

        Assert.Equal(6.0, sum.Evaluate(new Dictionary<string, object?> { ["A"] = 1L, ["B"] = 2u, ["Zero"] = 3m }));
        Assert.Equal(6.0, sum.Evaluate(new Dictionary<string, object?> { ["A"] = (short)1, ["B"] = (byte)2, ["Zero"] = 3.0f }));
    }

    [Fact]
    public void A_record_read_from_json_evaluates_as_its_values()
    {
        using var json = JsonDocument.Parse("""
            {"A": 0.9, "B": 1, "segment": "gold", "vip": true, "missing": null,
             "prediction": {"PredictedLabel": true, "Probability": 0.99, "Score": 24.5}}
            """);
        var record = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

        Assert.Equal(1.9, Compiler.Compile("A + B", Records.Schema).Evaluate(record));
        Assert.True(Compiler.CompilePredicate("segment == \"gold\" && vip && prediction.Probability > 0.9", Records.Schema).Matches(record));
        Assert.Equal(true, Compiler.Compile("missing == null", Records.Schema).Evaluate(record));
        Assert.Equal(true, Compiler.Compile("prediction.PredictedLabel", Records.Schema).Evaluate(record));
    }

    [Fact]
    public void A_compiled_expression_names_the_fields_it_reads()
    {
        var expression = Compiler.Compile("prediction.Probability > A && segment == \"gold\" && A > 0", Records.Schema);

        Assert.Equal(["A", "prediction", "segment"], expression.Fields);
        Assert.Equal(ValueKind.Boolean, expression.ResultType);
    }

    [Fact]
    public void Evaluating_a_non_bool_expression_as_a_predicate_is_a_programming_error()
    {
        var expression = Compiler.Compile("A + 1", Records.Schema);

        Assert.Throws<InvalidOperationException>(() => expression.Matches(Records.Record()));
    }
}
