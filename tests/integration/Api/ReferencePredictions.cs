using Microsoft.ML;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

/// <summary>What raw ML.NET predicts for the binary test model: the baseline the gateway must reproduce.</summary>
internal static class ReferencePredictions
{
    public sealed class BinaryPrediction
    {
        public bool PredictedLabel { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
    }

    public static BinaryPrediction[] Binary(params (float X1, float X2)[] rows)
    {
        var ml = new MLContext(seed: 1);
        using var stream = new MemoryStream(TestModels.BinaryClassifier);
        var model = ml.Model.Load(stream, out _);
        var engine = ml.Model.CreatePredictionEngine<BinaryRow, BinaryPrediction>(model);
        return rows.Select(r => engine.Predict(new BinaryRow { X1 = r.X1, X2 = r.X2 })).ToArray();
    }
}
