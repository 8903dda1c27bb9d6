using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Mle.Bench.Models;

/// <summary>Trains a <see cref="ModelSpec"/> on synthetic data and saves it as an ML.NET model zip.</summary>
public static class ModelTrainer
{
    private static readonly string[] Categoricals =
        [nameof(RiskInput.Region), nameof(RiskInput.Channel), nameof(RiskInput.Product), nameof(RiskInput.Device), nameof(RiskInput.Segment)];

    public static void Train(ModelSpec spec, Stream destination)
    {
        var ml = new MLContext(spec.Seed);
        var data = new SyntheticData(spec.Seed);
        switch (spec.Shape)
        {
            case ModelShape.Risk:
                var riskModel = RiskPipeline(ml, spec).Fit(ml.Data.LoadFromEnumerable(data.RiskExamples(spec.TrainingRows).ToList()));
                // The saved input schema is what the platform serves; it must not ask callers for the label.
                ml.Model.Save(riskModel, ml.Data.LoadFromEnumerable(Array.Empty<RiskInput>()).Schema, destination);
                break;
            case ModelShape.Tiny:
                var tinyModel = TinyPipeline(ml).Fit(ml.Data.LoadFromEnumerable(data.TinyExamples(spec.TrainingRows).ToList()));
                ml.Model.Save(tinyModel, ml.Data.LoadFromEnumerable(Array.Empty<TinyInput>()).Schema, destination);
                break;
            case ModelShape.MerchantRisk:
                var merchants = data.Merchants(spec.Merchants);
                var merchantModel = MerchantRiskPipeline(ml, spec, merchants)
                    .Fit(ml.Data.LoadFromEnumerable(data.MerchantRiskExamples(spec.TrainingRows, merchants).ToList()));
                ml.Model.Save(merchantModel, ml.Data.LoadFromEnumerable(Array.Empty<MerchantRiskInput>()).Schema, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Shape, "Unknown model shape.");
        }
    }

    private static IEstimator<ITransformer> RiskPipeline(MLContext ml, ModelSpec spec) =>
        Encode(ml, [])
            .Append(Trees(ml, spec));

    private static IEstimator<ITransformer> MerchantRiskPipeline(MLContext ml, ModelSpec spec, MerchantTable merchants)
    {
        var table = merchants.Ids.Zip(merchants.Risks, KeyValuePair.Create);
        return ml.Transforms.Conversion.MapValue("MerchantRisk", table, nameof(MerchantRiskInput.Merchant))
            .Append(Encode(ml, ["MerchantRisk"]))
            .Append(Trees(ml, spec));
    }

    private static IEstimator<ITransformer> Encode(MLContext ml, string[] extraFeatures)
    {
        var encoded = Categoricals.Select(c => new InputOutputColumnPair(c + "OneHot", c)).ToArray();
        return ml.Transforms.Categorical.OneHotEncoding(encoded)
            .Append(ml.Transforms.Concatenate("Features", [nameof(RiskInput.Numeric), .. extraFeatures, .. encoded.Select(p => p.OutputColumnName)]));
    }

    private static IEstimator<ITransformer> Trees(MLContext ml, ModelSpec spec) =>
        ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(RiskExample.Label),
            FeatureColumnName = "Features",
            NumberOfIterations = spec.Trees,
            NumberOfLeaves = spec.Leaves,
            MinimumExampleCountPerLeaf = 5,
            LearningRate = 0.05,
            Seed = spec.Seed,
            Verbose = false,
            Silent = true,
        });

    private static IEstimator<ITransformer> TinyPipeline(MLContext ml) =>
        ml.Transforms.Concatenate("Features", nameof(TinyInput.X), nameof(TinyInput.Y))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(nameof(TinyExample.Label), "Features"));
}
