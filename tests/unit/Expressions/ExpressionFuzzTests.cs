using System.Text;
using System.Text.Json;
using Mle.Errors;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Expressions;

/// <summary>
/// Random expressions, well-formed and mangled, on random records: compiling never throws (every refusal is a
/// problem), and evaluating a compiled expression throws nothing but <see cref="ExpressionEvaluationException"/>.
/// Seeds are fixed, so a failure replays.
/// </summary>
public sealed class ExpressionFuzzTests
{
    private const int Cases = 3000;
    private static readonly ExpressionCompiler Compiler = new(new ExpressionLimits { MaxExpressionLength = 512, MaxExpressionNodes = 64, MaxExpressionDepth = 12 });

    private static readonly string[] Atoms =
    [
        "A", "B", "Zero", "segment", "country", "vip", "missing", "nothing", "unknown", "prediction.Probability",
        "prediction.PredictedLabel", "absent.Probability", "prediction", "scores", "undeclared", "0", "1", "-1", "0.5", "1e308",
        "-1e308", "0x7FFFFFFFFFFFFFFF", "\"gold\"", "\"\"", "'x'", "true", "false", "null", "[1, 2]", "[\"a\", null]",
    ];

    private static readonly string[] Binary = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "in"];
    private static readonly string[] Calls = ["abs", "min", "max", "floor", "ceil", "round", "size", "has", "typeof", "int"];
    private static readonly string[] Members = ["startsWith", "endsWith", "contains", "size", "GetType", "all"];
    private const string Noise = "()[]{}.,?:!-+*/%<>=&|\"'\\ rRbxu0123456789AZaz_\u00E9\u202E\u200B\n\t;$@#`~^";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_expressions_compile_to_problems_or_evaluate_to_values_or_typed_errors(int seed)
    {
        var random = new Random(seed);
        var compiled = 0;
        var evaluated = 0;
        for (var i = 0; i < Cases; i++)
        {
            var text = Expression(random, 0);
            if (random.Next(3) == 0)
            {
                text = Mangle(random, text);
            }

            var compilation = Compiler.TryCompile(text, Records.Schema);

            Assert.True(compilation.Succeeded ^ compilation.Problems.Count > 0, text);
            Assert.All(compilation.Problems, p =>
            {
                Assert.InRange(p.Position, 0, text.Length);
                Assert.False(string.IsNullOrWhiteSpace(p.Message));
            });
            if (compilation.Expression is not { } expression)
            {
                continue;
            }
            compiled++;
            for (var r = 0; r < 4; r++)
            {
                try
                {
                    var value = expression.Evaluate(RandomRecord(random));
                    Assert.True(value is null or double or string or bool, text);
                    evaluated++;
                }
                catch (ExpressionEvaluationException error)
                {
                    Assert.Equal(ErrorCodes.ExpressionEvaluationFailed, error.Code);
                }
            }
        }
        // The generator must exercise evaluation, not only refusals.
        Assert.InRange(compiled, Cases / 10, Cases);
        Assert.InRange(evaluated, Cases / 10, Cases * 4);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_text_is_refused_with_problems_and_never_an_exception(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 80);
            for (var c = 0; c < length; c++)
            {
                text.Append(random.Next(10) == 0 ? (char)random.Next(0, 0xFFFF) : Noise[random.Next(Noise.Length)]);
            }

            var compilation = Compiler.TryCompile(text.ToString(), Records.Schema);

            Assert.True(compilation.Succeeded ^ compilation.Problems.Count > 0);
        }
    }

    private static string Expression(Random random, int depth)
    {
        if (depth > 4 || random.Next(4) == 0)
        {
            return Atoms[random.Next(Atoms.Length)];
        }
        return random.Next(9) switch
        {
            0 => $"!{Expression(random, depth + 1)}",
            1 => $"-{Expression(random, depth + 1)}",
            2 => $"({Expression(random, depth + 1)})",
            3 => $"{Expression(random, depth + 1)} ? {Expression(random, depth + 1)} : {Expression(random, depth + 1)}",
            4 => $"{Calls[random.Next(Calls.Length)]}({Expression(random, depth + 1)}{(random.Next(2) == 0 ? ", " + Expression(random, depth + 1) : "")})",
            5 => $"{Expression(random, depth + 1)}.{Members[random.Next(Members.Length)]}({(random.Next(2) == 0 ? Expression(random, depth + 1) : "")})",
            _ => $"{Expression(random, depth + 1)} {Binary[random.Next(Binary.Length)]} {Expression(random, depth + 1)}",
        };
    }

    private static string Mangle(Random random, string text)
    {
        var chars = new StringBuilder(text);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Length + 1);
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                case 1 when at < chars.Length:
                    chars.Remove(at, 1);
                    break;
                default:
                    if (at < chars.Length)
                    {
                        chars[at] = Noise[random.Next(Noise.Length)];
                    }
                    break;
            }
        }
        return chars.ToString();
    }

    private static Dictionary<string, object?> RandomRecord(Random random)
    {
        var record = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in Records.Schema.Names)
        {
            if (random.Next(6) != 0)
            {
                record[name] = RandomValue(random, Records.Schema.Find(name)!, conforming: random.Next(8) != 0);
            }
        }
        return record;
    }

    private static object? RandomValue(Random random, FieldType type, bool conforming)
    {
        if (random.Next(8) == 0)
        {
            return null;
        }
        var kind = conforming ? type.Kind : (ValueKind)random.Next(1, 5);
        var json = random.Next(3) == 0;
        object? value = kind switch
        {
            ValueKind.Number => random.Next(5) switch
            {
                0 => 0,
                1 => double.MaxValue,
                2 => (float)random.NextDouble(),
                3 => random.NextInt64(),
                _ => random.NextDouble() * 10 - 5,
            },
            ValueKind.String => random.Next(2) == 0 ? "gold" : new string('x', random.Next(5)),
            ValueKind.Boolean => random.Next(2) == 0,
            ValueKind.Object when type.Fields is { } fields => fields.Names.ToDictionary(n => n, n => RandomValue(random, fields.Find(n)!, conforming)),
            ValueKind.Object => new Dictionary<string, object?> { ["x"] = 1 },
            _ => new[] { 1f, 2f },
        };
        return json && value is not float[] ? JsonSerializer.SerializeToElement(value) : value;
    }
}
