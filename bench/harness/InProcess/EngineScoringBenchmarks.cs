using BenchmarkDotNet.Attributes;
using Mle.Data;
using Mle.Scoring;

namespace Mle.Bench.InProcess;

/// <summary>
/// The risk model's scoring engine alone (no serving seam, no silo), with compiled trees (the default) and with
/// <c>Mle:Scoring:CompiledTrees=false</c> (ML.NET's row mapper and bulk path): what the compiled ensemble saves.
/// </summary>
public class EngineScoringBenchmarks
{
    private IScoringEngine _engine = null!;
    private ColumnBatch[] _singles = [];
    private ColumnBatch _small = null!, _large = null!;
    private int _next;

    [Params(true, false)]
    public bool CompiledTrees { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var fixture = ScoringFixture.Require();
        _engine = fixture.RiskEngines[CompiledTrees];
        _singles = fixture.Singles[EngineRows.Model];
        _small = fixture.Batches[(EngineRows.Model, BatchSizes.Small)];
        _large = fixture.Batches[(EngineRows.Model, BatchSizes.Large)];
    }

    [Benchmark]
    public ColumnBatch Single() => _engine.Score(_singles[_next++ % _singles.Length]);

    [Benchmark]
    public ColumnBatch Batch100() => _engine.Score(_small);

    [Benchmark]
    public ColumnBatch Batch1000() => _engine.Score(_large);
}

/// <summary>The model whose engines <see cref="EngineScoringBenchmarks"/> measures.</summary>
public static class EngineRows
{
    public const string Model = "risk";
}
