namespace Mle.Bench.Models;

/// <summary>What both benchmark models predict: ML.NET's binary classification outputs.</summary>
public sealed class BinaryPrediction
{
    public bool PredictedLabel { get; set; }

    public float Score { get; set; }

    public float Probability { get; set; }
}
