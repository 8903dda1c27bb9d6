using BenchmarkDotNet.Attributes;
using Mle.Data;
using Mle.Scoring;

namespace Mle.Bench.InProcess;

/// <summary>
/// The platform in an in-process silo: the serving seam's score call (what a gateway request makes once it has its
/// rows), and for one row also the call to the version's <see cref="IScoringWorker"/> grain.
/// </summary>
public class PlatformScoringBenchmarks
{
    private PlatformScorer _scorer = null!;
    private ColumnBatch[] _singles = [];
    private ColumnBatch _small = null!, _large = null!;
    private int _next;

    [Params("risk", "tiny")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var fixture = ScoringFixture.Require();
        _scorer = fixture.Platform[Model];
        _singles = fixture.Singles[Model];
        _small = fixture.Batches[(Model, BatchSizes.Small)];
        _large = fixture.Batches[(Model, BatchSizes.Large)];
    }

    [Benchmark]
    public Task<ColumnBatch> Single() => _scorer.Score(_singles[_next++ % _singles.Length]);

    [Benchmark]
    public Task<ColumnBatch> SingleThroughGrain() => _scorer.ScoreThroughGrain(_singles[_next++ % _singles.Length]);

    [Benchmark]
    public Task<ColumnBatch> Batch100() => _scorer.Score(_small);

    [Benchmark]
    public Task<ColumnBatch> Batch1000() => _scorer.Score(_large);
}
