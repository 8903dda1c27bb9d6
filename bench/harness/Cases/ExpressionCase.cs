using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Mle.Bench.Expressions;
using Mle.Bench.Reporting;
using Perfolizer.Horology;

namespace Mle.Bench.Cases;

/// <summary>
/// Expressions: a compiled predicate and a computed field beside hand-written C# lambdas of the same rules, in one
/// BenchmarkDotNet run (in-process toolchain), reported per record with their ratio.
/// </summary>
public sealed class ExpressionCase(BenchOptions options)
{
    private const string Section = "Expressions";

    public Task<ResultSection> Run()
    {
        var summary = BenchmarkRunner.Run<ExpressionBenchmarks>(ManualConfig.CreateEmpty()
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(options.Quick ? 2 : 3)
                .WithIterationCount(options.Quick ? 3 : 8)
                .WithIterationTime(TimeInterval.FromMilliseconds(options.Quick ? 100 : 250)))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(Path.Combine(options.BenchDirectory, "artifacts", "BenchmarkDotNet")));
        var means = summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Mean / ExpressionBenchmarks.Records);

        Measurement Of(string method) => means.TryGetValue(method, out var ns) ? Measurement.Of(ns) : Measurement.NotAvailable("the benchmark did not complete");

        return Task.FromResult(new ResultSection(
            Section,
            "a hand-written C# lambda of the same rule over the same records",
            $"BenchmarkDotNet, in-process toolchain, mean time per record over {ExpressionBenchmarks.Records:N0} records (dictionaries of boxed values). Platform: the expression compiled once by ExpressionCompiler.",
            [
                new ResultRow(Section, $"predicate {ExpressionBenchmarks.PredicateText}", "ns/record", Of(nameof(ExpressionBenchmarks.PredicateCompiled)), Of(nameof(ExpressionBenchmarks.PredicateLambda)), Better.Lower),
                new ResultRow(Section, $"computed field {ExpressionBenchmarks.ComputedText}", "ns/record", Of(nameof(ExpressionBenchmarks.ComputedCompiled)), Of(nameof(ExpressionBenchmarks.ComputedLambda)), Better.Lower),
            ]));
    }
}
