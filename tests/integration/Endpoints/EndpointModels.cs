using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Endpoints;

/// <summary>
/// The models the node tests route between, trained in-process from fixed seeds, and what raw ML.NET predicts with
/// each (a <see cref="PredictionEngine{TSrc,TDst}"/> over the same zip the platform is given): the expected outputs.
/// <see cref="Binary"/>, <see cref="Leaning"/> and <see cref="Steep"/> read the same columns (X1, X2) but disagree,
/// so a mean, a weighted mean and a vote each give their own answer; <see cref="Follower"/> reads what
/// <see cref="Binary"/> answers (Probability) beside a request column (X2), the second step of a chain.
/// </summary>
internal static class EndpointModels
{
    private const int Seed = 11;

    private static readonly Lazy<byte[]> LeaningModel = new(() => TrainBinary(r => r.X2 - r.X1 > 0.3f));

    private static readonly Lazy<byte[]> SteepModel = new(() => TrainBinary(r => 3 * r.X1 + r.X2 > 1f));

    private static readonly Lazy<byte[]> FollowerModel = new(() =>
    {
        var random = new Random(Seed);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var probability = (float)random.NextDouble();
            var x2 = (float)(random.NextDouble() * 4 - 2);
            return new FollowerRow { Probability = probability, X2 = x2, Label = 10 * probability - x2 + (float)random.NextDouble() };
        }).ToList();
        return TestModels.Train(rows, ml => ml.Transforms.Concatenate("Features", nameof(FollowerRow.Probability), nameof(FollowerRow.X2))
            .Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 50)), Seed);
    });

    /// <summary>The tests' usual binary classifier (<see cref="TestModels.BinaryClassifier"/>): X1, X2 → PredictedLabel, Score, Probability.</summary>
    public static byte[] Binary => TestModels.BinaryClassifier;

    /// <summary>A binary classifier over X1, X2 that leans on X2.</summary>
    public static byte[] Leaning => LeaningModel.Value;

    /// <summary>A binary classifier over X1, X2 that leans hard on X1.</summary>
    public static byte[] Steep => SteepModel.Value;

    /// <summary>A regression over Probability and X2 → Score.</summary>
    public static byte[] Follower => FollowerModel.Value;

    public static BinaryAnswer Classify(byte[] model, float x1, float x2) =>
        Predict<BinaryRow, BinaryAnswer>(model, new BinaryRow { X1 = x1, X2 = x2 });

    public static float Follow(float probability, float x2) =>
        Predict<FollowerRow, RegressionAnswer>(Follower, new FollowerRow { Probability = probability, X2 = x2 }).Score;

    private static TOut Predict<TIn, TOut>(byte[] model, TIn row)
        where TIn : class
        where TOut : class, new()
    {
        var ml = new MLContext(seed: 1);
        using var stream = new MemoryStream(model);
        var loaded = ml.Model.Load(stream, out _);
        return ml.Model.CreatePredictionEngine<TIn, TOut>(loaded).Predict(row);
    }

    private static byte[] TrainBinary(Func<BinaryRow, bool> label)
    {
        var random = new Random(Seed);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var row = new BinaryRow { X1 = (float)(random.NextDouble() * 4 - 2), X2 = (float)(random.NextDouble() * 4 - 2) };
            row.Label = label(row) ^ random.NextDouble() < 0.05;
            return row;
        }).ToList();
        return TestModels.Train(rows, ml => ml.Transforms.Concatenate("Features", nameof(BinaryRow.X1), nameof(BinaryRow.X2))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()), Seed);
    }

    public sealed class BinaryAnswer
    {
        public bool PredictedLabel { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }

    public sealed class RegressionAnswer
    {
        public float Score { get; set; }
    }

    public sealed class FollowerRow
    {
        public float Probability { get; set; }

        public float X2 { get; set; }

        [ColumnName("Label")]
        public float Label { get; set; }
    }
}
