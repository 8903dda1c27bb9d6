using BenchmarkDotNet.Attributes;
using Mle.Serving.Expressions;

namespace Mle.Bench.Expressions;

/// <summary>
/// A compiled expression beside the C# lambda a developer would write for the same rule, both reading the same
/// records (dictionaries of field name to value, as pipeline and endpoint records are). Each call evaluates
/// <see cref="Records"/> records, so the mean is per batch; the case divides it per record.
/// </summary>
public class ExpressionBenchmarks
{
    public const int Records = 1024;
    public const string PredicateText = "A > 0.5 && segment == \"gold\"";
    public const string ComputedText = "A + B";

    private static readonly FieldSchema Schema = FieldSchema.Of(("A", FieldType.Number), ("B", FieldType.Number), ("segment", FieldType.String));
    private IReadOnlyDictionary<string, object?>[] _records = [];
    private CompiledExpression _predicate = null!;
    private CompiledExpression _computed = null!;
    private Func<IReadOnlyDictionary<string, object?>, bool> _predicateLambda = null!;
    private Func<IReadOnlyDictionary<string, object?>, object?> _computedLambda = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        string[] segments = ["gold", "silver", "bronze"];
        _records = [.. Enumerable.Range(0, Records).Select(_ => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["A"] = random.NextDouble(),
            ["B"] = random.NextDouble(),
            ["segment"] = segments[random.Next(segments.Length)],
        })];
        var compiler = new ExpressionCompiler();
        _predicate = compiler.CompilePredicate(PredicateText, Schema);
        _computed = compiler.Compile(ComputedText, Schema);
        // What a careful hand writes for a record whose values are boxed: the same lookups, tests and null handling.
        _predicateLambda = r => r.TryGetValue("A", out var a) && a is double x && x > 0.5
            && r.TryGetValue("segment", out var s) && s is string text && text == "gold";
        _computedLambda = r => r.TryGetValue("A", out var a) && a is double x && r.TryGetValue("B", out var b) && b is double y ? x + y : null;
    }

    [Benchmark]
    public int PredicateCompiled()
    {
        var matches = 0;
        foreach (var record in _records)
        {
            matches += _predicate.Matches(record) ? 1 : 0;
        }
        return matches;
    }

    [Benchmark]
    public int PredicateLambda()
    {
        var matches = 0;
        foreach (var record in _records)
        {
            matches += _predicateLambda(record) ? 1 : 0;
        }
        return matches;
    }

    [Benchmark]
    public double ComputedCompiled()
    {
        var sum = 0.0;
        foreach (var record in _records)
        {
            sum += (double)_computed.Evaluate(record)!;
        }
        return sum;
    }

    [Benchmark]
    public double ComputedLambda()
    {
        var sum = 0.0;
        foreach (var record in _records)
        {
            sum += (double)_computedLambda(record)!;
        }
        return sum;
    }
}
