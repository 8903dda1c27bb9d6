using BenchmarkDotNet.Attributes;

namespace Mle.Bench.InProcess;

/// <summary>The baseline: bare ML.NET on one thread. Method names match <see cref="PlatformScoringBenchmarks"/> for pairing.</summary>
public class RawScoringBenchmarks
{
    private IRawModel _model = null!;

    [Params("risk", "tiny")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _model = ScoringFixture.Require().Raw[Model];

    [Benchmark]
    public float Single() => _model.PredictOne();

    [Benchmark]
    public float Batch100() => _model.Transform(BatchSizes.Small);

    [Benchmark]
    public float Batch1000() => _model.Transform(BatchSizes.Large);
}
