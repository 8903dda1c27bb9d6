using BenchmarkDotNet.Attributes;
using Mle.Data;
using Mle.Scoring;

namespace Mle.Bench.InProcess;

/// <summary>The platform: one call to the model version's <see cref="IScoringWorker"/> in an in-process cluster.</summary>
public class PlatformScoringBenchmarks
{
    private IScoringWorker _worker = null!;
    private ColumnBatch[] _singles = [];
    private ColumnBatch _small = null!, _large = null!;
    private int _next;

    [Params("risk", "tiny")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var fixture = ScoringFixture.Require();
        _worker = fixture.Platform[Model];
        _singles = fixture.Singles[Model];
        _small = fixture.Batches[(Model, BatchSizes.Small)];
        _large = fixture.Batches[(Model, BatchSizes.Large)];
    }

    [Benchmark]
    public Task<ColumnBatch> Single() => _worker.Score(_singles[_next++ % _singles.Length]);

    [Benchmark]
    public Task<ColumnBatch> Batch100() => _worker.Score(_small);

    [Benchmark]
    public Task<ColumnBatch> Batch1000() => _worker.Score(_large);
}
