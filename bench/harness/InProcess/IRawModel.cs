namespace Mle.Bench.InProcess;

/// <summary>A benchmark model scored with bare ML.NET, whatever its typed input.</summary>
public interface IRawModel
{
    /// <summary>One row through a <c>PredictionEngine</c> on the calling thread; returns the probability.</summary>
    float PredictOne();

    /// <summary><paramref name="rows"/> rows through the model's batch <c>Transform</c>, every output read; returns the sum of probabilities.</summary>
    float Transform(int rows);
}
