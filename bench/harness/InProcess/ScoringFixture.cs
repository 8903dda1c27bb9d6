using Mle.Data;

namespace Mle.Bench.InProcess;

/// <summary>
/// What the benchmark classes score, prepared by <see cref="Cases.InProcessCase"/> before BenchmarkDotNet
/// runs. BenchmarkDotNet constructs the benchmark classes itself, and the in-process toolchain runs them
/// in this process, so a static is how prepared models and the running cluster reach them.
/// </summary>
/// <param name="Raw">The bare ML.NET models, by model name.</param>
/// <param name="Platform">The platform's registered versions, by model name; empty while the baseline runs.</param>
/// <param name="Singles">One-row batches of distinct rows, cycled like the raw engine cycles its rows.</param>
/// <param name="Batches">The batches of <see cref="BatchSizes.Small"/> and <see cref="BatchSizes.Large"/> rows.</param>
public sealed record ScoringFixture(
    IReadOnlyDictionary<string, IRawModel> Raw,
    IReadOnlyDictionary<string, PlatformScorer> Platform,
    IReadOnlyDictionary<string, ColumnBatch[]> Singles,
    IReadOnlyDictionary<(string Model, int Rows), ColumnBatch> Batches)
{
    /// <summary>Engines of the risk model with compiled trees on (true) and off (false), for <see cref="EngineScoringBenchmarks"/>.</summary>
    public IReadOnlyDictionary<bool, Scoring.IScoringEngine> RiskEngines { get; init; } = new Dictionary<bool, Scoring.IScoringEngine>();

    public static ScoringFixture? Current { get; set; }

    public static ScoringFixture Require() =>
        Current ?? throw new InvalidOperationException("The scoring fixture is prepared by the harness; run the benchmarks through it.");
}
