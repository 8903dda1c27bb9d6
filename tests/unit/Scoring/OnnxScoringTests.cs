using Mle.Data;
using Mle.Tests.Support;

namespace Mle.Tests.Unit.Scoring;

public sealed class OnnxScoringTests
{
    [Fact]
    public async Task Logistic_model_computes_sigmoid_of_x_dot_w_plus_b_for_every_row()
    {
        var engine = await Loaded.Engine(TestModels.OnnxLogistic);
        var random = new Random(11);
        var x = Enumerable.Range(0, 5 * 3).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

        var predictions = engine.Score(new ColumnBatch(5, [Column.Create("x", 3, x)]));

        var probability = Assert.IsType<Column<float>>(predictions["probability"]);
        var label = Assert.IsType<Column<bool>>(predictions["label"]);
        Assert.Equal((5, 1), (probability.RowCount, probability.Width));
        for (var row = 0; row < 5; row++)
        {
            var z = TestModels.LogisticBias;
            for (var i = 0; i < 3; i++)
            {
                z += x[row * 3 + i] * TestModels.LogisticWeights[i];
            }
            var expected = 1 / (1 + MathF.Exp(-z));
            Assert.Equal(expected, probability.Values[row], tolerance: 1e-6f);
            Assert.Equal(expected > 0.5f, label.Values[row]);
        }
    }

    [Fact]
    public async Task String_int64_and_double_tensors_round_trip_with_a_variable_dimension()
    {
        var engine = await Loaded.Engine(TestModels.OnnxStringsAndIntegers);
        var input = new ColumnBatch(2,
        [
            Column.Create("name", 1, new[] { "ada", "grace" }),
            Column.Create("counts", 3, new[] { 1L, 2L, 3L, 10L, 20L, 30L }),
            Column.Create("weight", 1, new[] { 0.25, 4.5 }),
        ]);

        var predictions = engine.Score(input);

        Assert.Equal(new[] { "ada", "grace" }, Assert.IsType<Column<string>>(predictions["echo"]).Values);
        Assert.Equal(new[] { 6L, 60L }, Assert.IsType<Column<long>>(predictions["total"]).Values);
        Assert.Equal(new[] { 0.25, 4.5 }, Assert.IsType<Column<double>>(predictions["weight_out"]).Values);
    }

    [Fact]
    public async Task One_session_serves_engines_on_many_threads()
    {
        var model = await Loaded.Model(TestModels.OnnxLogistic);
        var input = new ColumnBatch(2, [Column.Create("x", 3, new[] { 1f, 0f, 0f, 0f, 1f, 0f })]);
        var expected = model.CreateEngine(new()).Score(input)["probability"].RawValues.Cast<float>().ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var engine = model.CreateEngine(new());
            return Enumerable.Range(0, 50).Select(_ => engine.Score(input)["probability"].RawValues.Cast<float>().ToArray()).ToList();
        })));

        Assert.All(results.SelectMany(r => r), actual => Assert.Equal(expected, actual));
    }
}
