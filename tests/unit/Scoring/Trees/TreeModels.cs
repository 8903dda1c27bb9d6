using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Mle.Tests.Unit.Scoring.Trees;

/// <summary>Small tree models over <see cref="TreeRow"/>, trained once per test process, as model zips.</summary>
internal static class TreeModels
{
    private const int TrainingRows = 600;

    private static readonly Dictionary<string, Lazy<byte[]>> Models = new()
    {
        ["lightgbm-binary"] = Model((ml, label) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = label, NumberOfIterations = 40, NumberOfLeaves = 12, MinimumExampleCountPerLeaf = 5, Seed = 3,
        })),
        ["lightgbm-binary-categorical"] = Model((ml, label) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = label, NumberOfIterations = 40, NumberOfLeaves = 12, MinimumExampleCountPerLeaf = 5, Seed = 3,
            UseCategoricalSplit = true, MinimumExampleCountPerGroup = 5, MaximumCategoricalSplitPointCount = 8,
        })),
        ["lightgbm-regression"] = Model((ml, _) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = nameof(TreeRow.Target), NumberOfIterations = 40, NumberOfLeaves = 12, MinimumExampleCountPerLeaf = 5, Seed = 3,
        })),
        ["fasttree-binary"] = Model((ml, label) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = label, NumberOfTrees = 30, NumberOfLeaves = 10, MinimumExampleCountPerLeaf = 5,
        })),
        ["fasttree-binary-categorical"] = Model((ml, label) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = label, NumberOfTrees = 30, NumberOfLeaves = 10, MinimumExampleCountPerLeaf = 5, CategoricalSplit = true,
        })),
        ["fasttree-regression"] = Model((ml, _) => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            LabelColumnName = nameof(TreeRow.Target), NumberOfTrees = 30, NumberOfLeaves = 10, MinimumExampleCountPerLeaf = 5,
        })),
        ["fastforest-binary"] = Model((ml, label) => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
        {
            LabelColumnName = label, NumberOfTrees = 20, NumberOfLeaves = 10, MinimumExampleCountPerLeaf = 5,
        })),
        ["fastforest-regression"] = Model((ml, _) => ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            LabelColumnName = nameof(TreeRow.Target), NumberOfTrees = 20, NumberOfLeaves = 10, MinimumExampleCountPerLeaf = 5,
        })),
        ["lightgbm-binary-threshold"] = Model((ml, label) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = label, NumberOfIterations = 40, NumberOfLeaves = 12, MinimumExampleCountPerLeaf = 5, Seed = 3,
        }), threshold: 0.75f),
        ["tweedie"] = Model((ml, _) => ml.Regression.Trainers.FastTreeTweedie(new FastTreeTweedieTrainer.Options
        {
            LabelColumnName = nameof(TreeRow.Target), NumberOfTrees = 5, NumberOfLeaves = 4, MinimumExampleCountPerLeaf = 5,
        }), positiveTarget: true),
    };

    public static IEnumerable<string> Compiled =>
    [
        "lightgbm-binary", "lightgbm-binary-categorical", "lightgbm-regression", "fasttree-binary", "fasttree-binary-categorical",
        "fasttree-regression", "fastforest-binary", "fastforest-regression", "lightgbm-binary-threshold",
    ];

    public static byte[] Get(string name) => Models[name].Value;

    private static Lazy<byte[]> Model(
        Func<MLContext, string, IEstimator<ITransformer>> trainer, bool positiveTarget = false, float? threshold = null) => new(() =>
    {
        var rows = TreeRow.Generate(TrainingRows, seed: 11, training: true);
        if (positiveTarget)
        {
            rows.ForEach(r => r.Target = Math.Abs(r.Target));
        }
        var ml = new MLContext(seed: 5);
        var data = ml.Data.LoadFromEnumerable(rows);
        var fitted = ml.Transforms.Categorical.OneHotEncoding(
                [new InputOutputColumnPair("RegionOneHot", nameof(TreeRow.Region)), new InputOutputColumnPair("ChannelOneHot", nameof(TreeRow.Channel))])
            .Append(ml.Transforms.Concatenate("Features", nameof(TreeRow.Numeric), nameof(TreeRow.Unused), "RegionOneHot", "ChannelOneHot"))
            .Append(trainer(ml, nameof(TreeRow.Label)))
            .Fit(data);
        ITransformer model = fitted;
        if (threshold is { } t)
        {
            // What a user does to trade precision for recall: the saved model carries the new threshold.
            var steps = fitted.ToList();
            var predictor = (BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>>)steps[^1];
            steps[^1] = ml.BinaryClassification.ChangeModelThreshold(predictor, t);
            model = new TransformerChain<ITransformer>([.. steps]);
        }
        using var buffer = new MemoryStream();
        ml.Model.Save(model, data.Schema, buffer);
        return buffer.ToArray();
    });
}
