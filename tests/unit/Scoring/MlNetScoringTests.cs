using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Data;
using Mle.Schema;
using Mle.Tests.Support;

namespace Mle.Tests.Unit.Scoring;

/// <summary>
/// Both ML.NET paths (the reusable row mapper and the bulk IDataView) must predict exactly what ML.NET
/// itself predicts for the same rows through its own typed path.
/// </summary>
public sealed class MlNetScoringTests
{
    private const int RowPath = 10_000;
    private const int BulkPath = 1;

    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var model in new[] { "binary", "mixed", "regression", "multiclass", "multiclass-keys" })
        {
            cases.Add(model, RowPath);
            cases.Add(model, BulkPath);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Predictions_equal_those_of_mlnet_itself(string model, int bulkThresholdRows)
    {
        var (artifact, batch, reference) = Case(model, rows: 40, seed: 101);
        var engine = await Loaded.Engine(artifact, bulkThresholdRows);

        var predictions = engine.Score(batch);

        AssertSame(reference, predictions);
    }

    [Theory]
    [InlineData(RowPath)]
    [InlineData(BulkPath)]
    public async Task A_reused_engine_scores_each_new_batch_afresh(int bulkThresholdRows)
    {
        var engine = await Loaded.Engine(TestModels.MixedInputs, bulkThresholdRows);
        var (_, first, _) = Case("mixed", rows: 7, seed: 1);
        var (_, second, reference) = Case("mixed", rows: 9, seed: 2);

        engine.Score(first);
        var predictions = engine.Score(second);

        AssertSame(reference, predictions);
    }

    [Fact]
    public async Task Key_predictions_read_as_the_labels_the_model_was_trained_on()
    {
        var engine = await Loaded.Engine(TestModels.MulticlassKeyModel);
        var rows = TestData.FlowerRows(30, seed: 5);

        var predicted = Assert.IsType<Column<string>>(engine.Score(TestData.ToBatch(rows))["PredictedLabel"]).Values;

        Assert.All(predicted, label => Assert.Contains(label, TestData.FlowerClasses));
        // The classes are well separated: a sane model gets nearly all of them right.
        Assert.True(predicted.Zip(rows).Count(p => p.First == p.Second.Label) >= 25);
    }

    [Fact]
    public async Task An_empty_batch_scores_to_empty_columns()
    {
        var engine = await Loaded.Engine(TestModels.BinaryClassifier);

        var predictions = engine.Score(TestData.ToBatch(new List<BinaryRow>()));

        Assert.Equal(0, predictions.RowCount);
        Assert.All(predictions.Columns, c => Assert.Equal(0, c.Length));
    }

    private static (byte[] Artifact, ColumnBatch Batch, IDataView Reference) Case(string model, int rows, int seed) => model switch
    {
        "binary" => With(TestModels.BinaryClassifier, TestData.BinaryRows(rows, seed), TestData.ToBatch),
        "mixed" => With(TestModels.MixedInputs, TestData.MixedRows(rows, seed), TestData.ToBatch),
        "regression" => With(TestModels.RegressionModel, TestData.RegressionRows(rows, seed), TestData.ToBatch),
        "multiclass" => With(TestModels.MulticlassModel, TestData.FlowerRows(rows, seed), TestData.ToBatch),
        "multiclass-keys" => With(TestModels.MulticlassKeyModel, TestData.FlowerRows(rows, seed), TestData.ToBatch),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    private static (byte[], ColumnBatch, IDataView) With<TRow>(byte[] artifact, List<TRow> rows, Func<IReadOnlyList<TRow>, ColumnBatch> toBatch)
        where TRow : class
    {
        var ml = new MLContext();
        var transformer = ml.Model.Load(new MemoryStream(artifact), out _);
        return (artifact, toBatch(rows), transformer.Transform(ml.Data.LoadFromEnumerable(rows)));
    }

    private static void AssertSame(IDataView reference, ColumnBatch predictions)
    {
        Assert.NotEmpty(predictions.Columns);
        foreach (var column in predictions.Columns)
        {
            var keyWithValues = column.Name == "PredictedLabel" && column.Kind == ScalarKind.String
                && reference.Schema[column.Name].Type is KeyDataViewType;
            switch (column)
            {
                case Column<float> c when c.Width == 1:
                    Assert.Equal(reference.GetColumn<float>(c.Name), c.Values);
                    break;
                case Column<float> c:
                    Assert.Equal(reference.GetColumn<float[]>(c.Name).SelectMany(v => v), c.Values);
                    break;
                case Column<bool> c:
                    Assert.Equal(reference.GetColumn<bool>(c.Name), c.Values);
                    break;
                case Column<string> c when keyWithValues:
                    Assert.Equal(KeyLabels(reference, c.Name), c.Values);
                    break;
                case Column<string> c:
                    Assert.Equal(reference.GetColumn<string>(c.Name), c.Values);
                    break;
                default:
                    Assert.Fail($"Unexpected output column {column.Name} of kind {column.Kind}.");
                    break;
            }
        }
    }

    /// <summary>What ML.NET's own key-to-value mapping gives for a key column.</summary>
    private static IEnumerable<string> KeyLabels(IDataView reference, string column)
    {
        var ml = new MLContext();
        var mapped = ml.Transforms.Conversion.MapKeyToValue("Mapped", column).Fit(reference).Transform(reference);
        return mapped.GetColumn<string>("Mapped");
    }
}
