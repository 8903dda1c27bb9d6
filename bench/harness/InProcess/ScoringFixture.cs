using Orleans.Mle.Data;
using Orleans.Mle.Scoring;

namespace Orleans.Mle.Bench.InProcess;

/// <summary>
/// What the benchmark classes score, prepared by <see cref="Cases.InProcessCase"/> before BenchmarkDotNet
/// runs. BenchmarkDotNet constructs the benchmark classes itself, and the in-process toolchain runs them
/// in this process, so a static is how prepared models and the running cluster reach them.
/// </summary>
public sealed record ScoringFixture(
    IReadOnlyDictionary<string, IRawModel> Raw,
    IReadOnlyDictionary<string, IScoringWorker> Platform,
    IReadOnlyDictionary<(string Model, int Rows), ColumnBatch> Batches)
{
    public static ScoringFixture? Current { get; set; }

    public static ScoringFixture Require() =>
        Current ?? throw new InvalidOperationException("The scoring fixture is prepared by the harness; run the benchmarks through it.");
}
