using Mle.Scoring.MlNet.Trees;

namespace Mle.Tests.Unit.Scoring.Trees;

/// <summary>The walk's rules on hand-built trees, and the batch walk agreeing with the single-row walk.</summary>
public sealed class CompiledTreeEnsembleTests
{
    // Tree 0: x0 <= 0.5 ? (x1 <= -1 ? leaf 0 : leaf 1) : leaf 2. Tree 1: any of x2, x3 > 0 ? leaf 4 : leaf 3.
    private static readonly CompiledTreeEnsemble Ensemble = new(
        nodes:
        [
            new TreeNode(0, 0.5f, 1, ~2),
            new TreeNode(1, -1f, ~0, ~1),
            new TreeNode(~0, 0f, ~3, ~4),
        ],
        leaves: [1, 10, 100, 1_000, 10_000],
        roots: [0, 2],
        categoricalStarts: [0, 2],
        categoricalFeatures: [2, 3],
        features: new CompactFeatures(4, [0, 1, 2, 3], [0, 1]),
        sourceTreeCount: 2);

    [Theory]
    [InlineData(0.5f, -1f, 0f, 0f, 1_001)]
    [InlineData(0.5f, -0.9f, 0f, 0f, 1_010)]
    [InlineData(0.6f, -5f, 0f, 0f, 1_100)]
    [InlineData(float.NaN, -5f, 0f, 0f, 1_100)]
    [InlineData(0f, -5f, 0f, 1f, 10_001)]
    [InlineData(0f, -5f, -1f, float.NaN, 1_001)]
    public void A_row_goes_left_at_or_below_a_threshold_and_right_on_any_positive_category(float x0, float x1, float x2, float x3, double expected)
    {
        Assert.Equal(expected, Ensemble.Sum([x0, x1, x2, x3]));
    }

    [Fact]
    public void A_batch_sums_each_row_as_the_single_row_walk_does()
    {
        var random = new Random(3);
        foreach (var rows in new[] { 1, 3, 4, 5, 17 })
        {
            var matrix = Enumerable.Range(0, rows * 4).Select(_ => random.Next(5) == 0 ? float.NaN : (float)(random.NextDouble() * 4 - 2)).ToArray();
            var sums = new double[rows];

            Ensemble.SumBatch(matrix, rows, sums);

            Assert.Equal(Enumerable.Range(0, rows).Select(r => Ensemble.Sum(matrix.AsSpan(r * 4, 4))), sums);
        }
    }

    [Fact]
    public void Gathering_reads_the_used_slots_of_sparse_and_dense_vectors_and_flags_nan_only_where_a_numeric_split_reads()
    {
        var features = new CompactFeatures(6, [1, 4], numeric: [1]);
        var row = new float[2];

        Assert.True(features.Gather(new Microsoft.ML.Data.VBuffer<float>(6, 2, [7f, 9f], [4, 5]), row));
        Assert.Equal([0f, 7f], row);
        Assert.True(features.Gather(new Microsoft.ML.Data.VBuffer<float>(6, [0, 2, 0, 0, float.NaN, 0]), row));
        Assert.Equal([2f, float.NaN], row);
        Assert.False(features.Gather(new Microsoft.ML.Data.VBuffer<float>(6, [0, float.NaN, 0, 0, 1, 0]), row));
        Assert.Equal(-1, features.CompactIndexOf(0));
    }
}
