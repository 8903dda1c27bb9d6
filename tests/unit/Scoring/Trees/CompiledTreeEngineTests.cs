using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Data;
using Mle.Scoring;
using Mle.Scoring.MlNet;
using Mle.Scoring.MlNet.Trees;

namespace Mle.Tests.Unit.Scoring.Trees;

/// <summary>
/// A compiled tree ensemble predicts exactly what ML.NET predicts for the same rows, bit for bit, for every output
/// column, one row at a time and in batches: LightGBM, FastTree and FastForest, binary and regression, one-hot text
/// features (categories never seen included), categorical splits, NaN inputs and a feature no split reads.
/// </summary>
public sealed class CompiledTreeEngineTests
{
    private const int Rows = 300;

    public static TheoryData<string> CompiledModels() => [.. TreeModels.Compiled];

    [Theory]
    [MemberData(nameof(CompiledModels))]
    public async Task One_row_at_a_time_every_output_equals_mlnet_bit_for_bit(string model)
    {
        var (engine, rows, reference) = await Case(model);

        var predictions = rows.Select(r => engine.Score(TreeRow.ToBatch([r]))).ToList();

        foreach (var column in reference.Keys)
        {
            AssertBitEqual(reference[column], predictions.SelectMany(p => Values(p, column)).ToList(), $"{model} {column}");
        }
    }

    [Theory]
    [MemberData(nameof(CompiledModels))]
    public async Task In_batches_every_output_equals_mlnet_bit_for_bit(string model)
    {
        var (engine, rows, reference) = await Case(model);

        // One batch of all the rows (chunks and a remainder), then uneven batches reusing the engine's buffers.
        var whole = engine.Score(TreeRow.ToBatch(rows));
        var pieces = new List<ColumnBatch>();
        for (int start = 0, size = 1; start < rows.Count; start += size, size = (size * 3) + 1)
        {
            pieces.Add(engine.Score(TreeRow.ToBatch(rows.Skip(start).Take(size).ToList())));
        }

        foreach (var column in reference.Keys)
        {
            AssertBitEqual(reference[column], Values(whole, column), $"{model} {column} (one batch)");
            AssertBitEqual(reference[column], pieces.SelectMany(p => Values(p, column)).ToList(), $"{model} {column} (uneven batches)");
        }
    }

    [Fact]
    public async Task An_empty_batch_scores_to_empty_columns()
    {
        var (engine, _, reference) = await Case("lightgbm-binary");

        var predictions = engine.Score(TreeRow.ToBatch([]));

        Assert.Equal(0, predictions.RowCount);
        Assert.Equal(reference.Keys.Order(), predictions.Columns.Select(c => c.Name).Order());
        Assert.All(predictions.Columns, c => Assert.Equal(0, c.Length));
    }

    [Fact]
    public async Task Only_rows_with_nan_where_a_numeric_split_reads_are_left_to_mlnet()
    {
        var (engine, rows, _) = await Case("lightgbm-binary");
        var compiled = Assert.IsType<CompiledTreeEngine>(engine);
        var model = (MlNetModel)await Loaded.Model(TreeModels.Get("lightgbm-binary"));
        var features = model.CompiledTrees!.Ensemble.Features;

        engine.Score(TreeRow.ToBatch(rows));

        // Numeric occupies slots 0-5 of Features; Unused (slot 6, NaN in a quarter of the rows) is read by no split.
        Assert.Equal(-1, features.CompactIndexOf(TreeRow.NumericWidth));
        var nanWhereRead = rows.Count(r => r.Numeric.Select((v, i) => float.IsNaN(v) && features.CompactIndexOf(i) >= 0).Any(b => b));
        Assert.True(nanWhereRead > 0, "The data must have NaN where the trees read.");
        Assert.Equal(nanWhereRead, compiled.RowsLeftToMlNet);
    }

    [Theory]
    [InlineData("lightgbm-binary-categorical")]
    [InlineData("fasttree-binary-categorical")]
    public async Task Categorical_split_models_really_have_categorical_splits(string name)
    {
        var model = (MlNetModel)await Loaded.Model(TreeModels.Get(name));

        Assert.True(model.CompiledTrees!.Ensemble.HasCategoricalSplits);
    }

    [Fact]
    public async Task Models_the_compiler_does_not_understand_keep_mlnet_and_say_why()
    {
        foreach (var artifact in new[] { TreeModels.Get("tweedie"), Support.TestModels.BinaryClassifier, Support.TestModels.MulticlassModel })
        {
            var model = (MlNetModel)await Loaded.Model(artifact);

            Assert.Null(model.CompiledTrees);
            Assert.False(string.IsNullOrWhiteSpace(model.CompiledTreesUnavailable));
            Assert.IsType<MlNetScoringEngine>(model.CreateEngine(new ScoringOptions()));
        }
    }

    [Fact]
    public async Task With_compiled_trees_off_a_tree_model_is_scored_by_mlnet()
    {
        var model = await Loaded.Model(TreeModels.Get("lightgbm-binary"));

        Assert.IsType<CompiledTreeEngine>(model.CreateEngine(new ScoringOptions()));
        Assert.IsType<MlNetScoringEngine>(model.CreateEngine(new ScoringOptions { CompiledTrees = false }));
    }

    private static async Task<(IScoringEngine Engine, List<TreeRow> Rows, Dictionary<string, List<object>> Reference)> Case(string name)
    {
        var artifact = TreeModels.Get(name);
        var rows = TreeRow.Generate(Rows, seed: 21, training: false, missingRate: 0.03);
        var engine = (await Loaded.Model(artifact)).CreateEngine(new ScoringOptions());
        Assert.IsType<CompiledTreeEngine>(engine);

        var ml = new MLContext();
        var scored = ml.Model.Load(new MemoryStream(artifact), out _).Transform(ml.Data.LoadFromEnumerable(rows));
        var reference = new Dictionary<string, List<object>>();
        foreach (var column in new[] { "Score", "Probability" }.Where(c => scored.Schema.GetColumnOrNull(c) is not null))
        {
            reference[column] = [.. scored.GetColumn<float>(column).Cast<object>()];
        }
        if (scored.Schema.GetColumnOrNull("PredictedLabel") is not null)
        {
            reference["PredictedLabel"] = [.. scored.GetColumn<bool>("PredictedLabel").Cast<object>()];
        }
        Assert.Contains("Score", reference.Keys);
        return (engine, rows, reference);
    }

    private static List<object> Values(ColumnBatch batch, string column) => batch[column] switch
    {
        Column<float> floats => [.. floats.Values.Cast<object>()],
        Column<bool> bools => [.. bools.Values.Cast<object>()],
        var other => throw new InvalidOperationException($"Unexpected column {other.Name} of {other.Kind}."),
    };

    private static void AssertBitEqual(List<object> expected, List<object> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var same = (expected[i], actual[i]) switch
            {
                (float e, float a) => BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a),
                (bool e, bool a) => e == a,
                _ => false,
            };
            Assert.True(same, $"{what}: row {i} is {actual[i]}, ML.NET says {expected[i]}.");
        }
    }
}
