using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Mle.Schema;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// An ML.NET model whose last step predicts with a tree ensemble, split in two: the steps before it (encoding,
/// concatenation, ...), still run by ML.NET to produce the feature vector, and the ensemble, compiled. Built once
/// per loaded model by <see cref="TryCompile"/>, which returns null, with the reason, for anything it does not
/// understand (other predictors, multiclass, ranking, Tweedie, outputs it cannot produce): such a model keeps
/// ML.NET's own path. Immutable; engines share it.
/// </summary>
internal sealed class CompiledTreeModel
{
    private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly;

    private CompiledTreeModel(
        ITransformer prefix, ITransformer predictor, string featureColumn, DataViewType featureType,
        CompiledTreeEnsemble ensemble, TreePredictionRule rule, TreeOutput[] outputs)
    {
        Prefix = prefix;
        Predictor = predictor;
        FeatureColumn = featureColumn;
        FeatureType = featureType;
        Ensemble = ensemble;
        Rule = rule;
        Outputs = outputs;
    }

    /// <summary>Every step of the model but the predictor.</summary>
    public ITransformer Prefix { get; }

    /// <summary>ML.NET's own prediction step, for rows the compiled trees leave to it.</summary>
    public ITransformer Predictor { get; }

    public string FeatureColumn { get; }

    public DataViewType FeatureType { get; }

    public CompiledTreeEnsemble Ensemble { get; }

    public TreePredictionRule Rule { get; }

    /// <summary>What each of the model's prediction columns is, in the model's order.</summary>
    public IReadOnlyList<TreeOutput> Outputs { get; }

    /// <param name="model">The loaded model.</param>
    /// <param name="inputSchema">The schema it was saved with.</param>
    /// <param name="outputs">The prediction columns served (<see cref="MlNetPredictionColumns"/>).</param>
    /// <param name="reason">Why the model was not compiled.</param>
    public static CompiledTreeModel? TryCompile(
        ITransformer model, DataViewSchema inputSchema, IReadOnlyList<(string Name, MlNetColumnType Type)> outputs, out string reason)
    {
        try
        {
            return Compile(model, inputSchema, outputs, out reason);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever goes wrong here, the model still loads and scores: through ML.NET.
            reason = ex.Message;
            return null;
        }
    }

    private static CompiledTreeModel? Compile(
        ITransformer model, DataViewSchema inputSchema, IReadOnlyList<(string Name, MlNetColumnType Type)> outputs, out string reason)
    {
        var steps = new List<ITransformer>();
        Flatten(model, steps);
        if (steps.Count == 0 || steps[^1] is not ISingleFeaturePredictionTransformer<object> predictor)
        {
            reason = "The model's last step is not a prediction transformer.";
            return null;
        }
        var kind = PredictionKind(predictor);
        if (kind is null)
        {
            reason = $"The prediction step is {predictor.GetType().Name}, not binary classification or regression.";
            return null;
        }

        var (subModel, calibrator) = Uncalibrated(predictor.Model);
        if (!TryTrees(subModel, out var trees, out var meanOver))
        {
            reason = $"The predictor is {subModel.GetType().Name}, not a compiled tree ensemble kind.";
            return null;
        }
        if (predictor.FeatureColumnType is not VectorDataViewType { ItemType: var item, Size: > 0 and var width } || item != NumberDataViewType.Single)
        {
            reason = $"The trees read {predictor.FeatureColumnType}, not a fixed-size float vector.";
            return null;
        }

        var (threshold, onProbability) = kind == "binary" ? Threshold(predictor) : (null, false);
        var rule = new TreePredictionRule(meanOver, calibrator, threshold, onProbability);
        var plan = new TreeOutput[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var (name, type) = outputs[i];
            TreeOutput? output = (name, type) switch
            {
                ("Score", { Kind: ScalarKind.Single, IsVector: false, HasKeyValues: false }) => TreeOutput.Score,
                ("Probability", { Kind: ScalarKind.Single, IsVector: false, HasKeyValues: false }) when rule.HasProbability => TreeOutput.Probability,
                ("PredictedLabel", { Kind: ScalarKind.Boolean, IsVector: false, HasKeyValues: false }) when rule.HasLabel => TreeOutput.PredictedLabel,
                _ => null,
            };
            if (output is null)
            {
                reason = $"The compiled trees cannot produce output column '{name}' ({type.Kind}).";
                return null;
            }
            plan[i] = output.Value;
        }

        var prefix = new TransformerChain<ITransformer>([.. steps.Take(steps.Count - 1)]);
        var produced = prefix.GetOutputSchema(inputSchema).GetColumnOrNull(predictor.FeatureColumnName);
        if (produced?.Type is not VectorDataViewType { Size: var size, ItemType: var producedItem } || size != width || producedItem != NumberDataViewType.Single)
        {
            reason = $"The steps before the predictor do not produce '{predictor.FeatureColumnName}' as {width} floats.";
            return null;
        }

        var ensemble = TreeEnsembleCompiler.Compile(trees, width);
        reason = "";
        return new CompiledTreeModel(prefix, (ITransformer)predictor, predictor.FeatureColumnName, predictor.FeatureColumnType, ensemble, rule, plan);
    }

    /// <summary>A chain's steps in order, nested chains opened.</summary>
    private static void Flatten(ITransformer transformer, List<ITransformer> steps)
    {
        var type = transformer.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(TransformerChain<>))
        {
            foreach (var step in (IEnumerable<ITransformer>)transformer)
            {
                Flatten(step, steps);
            }
            return;
        }
        steps.Add(transformer);
    }

    private static string? PredictionKind(object predictor)
    {
        var type = predictor.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(BinaryPredictionTransformer<>) ? "binary"
            : definition == typeof(RegressionPredictionTransformer<>) ? "regression"
            : null;
    }

    /// <summary>A calibrated model's inner predictor and calibrator (public properties of ML.NET's generic wrapper).</summary>
    private static (object Model, ICalibrator? Calibrator) Uncalibrated(object model)
    {
        for (var type = model.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CalibratedModelParametersBase<,>))
            {
                var inner = type.GetProperty(nameof(CalibratedModelParametersBase<object, ICalibrator>.SubModel), Declared)?.GetValue(model);
                var calibrator = type.GetProperty(nameof(CalibratedModelParametersBase<object, ICalibrator>.Calibrator), Declared)?.GetValue(model) as ICalibrator;
                return inner is not null && calibrator is not null
                    ? (inner, calibrator)
                    : throw new NotSupportedException("The calibrated model hides its predictor or calibrator.");
            }
        }
        return (model, null);
    }

    /// <summary>
    /// The trees of the ensemble kinds whose prediction is exactly the sum of their trees (or, for a forest regression,
    /// that sum over the tree count). Exact types: a subclass may map the sum further (Tweedie takes its exponent).
    /// </summary>
    private static bool TryTrees(object model, out IReadOnlyList<RegressionTreeBase> trees, out int? meanOver)
    {
        var type = model.GetType();
        meanOver = null;
        trees = [];
        if (type == typeof(FastTreeBinaryModelParameters) || type == typeof(FastTreeRegressionModelParameters)
            || type == typeof(LightGbmBinaryModelParameters) || type == typeof(LightGbmRegressionModelParameters))
        {
            trees = ((TreeEnsembleModelParametersBasedOnRegressionTree)model).TrainedTreeEnsemble.Trees;
            return true;
        }
        if (type == typeof(FastForestBinaryModelParameters))
        {
            trees = ((FastForestBinaryModelParameters)model).TrainedTreeEnsemble.Trees;
            return true;
        }
        if (type == typeof(FastForestRegressionModelParameters))
        {
            trees = ((FastForestRegressionModelParameters)model).TrainedTreeEnsemble.Trees;
            meanOver = trees.Count;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The binary prediction transformer's threshold and the column it applies to. ML.NET keeps both internal (they
    /// are set by the trainer or by <c>ChangeModelThreshold</c>); without them the model keeps ML.NET's path.
    /// </summary>
    private static (float? Threshold, bool OnProbability) Threshold(object predictor)
    {
        var type = predictor.GetType();
        var threshold = type.GetField("Threshold", Internal)?.GetValue(predictor);
        var column = type.GetField("ThresholdColumn", Internal)?.GetValue(predictor);
        return (threshold, column) switch
        {
            (float t, "Score") => (t, false),
            (float t, "Probability") => (t, true),
            _ => (null, false),
        };
    }
}
