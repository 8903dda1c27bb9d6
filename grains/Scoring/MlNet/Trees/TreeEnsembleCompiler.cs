using Microsoft.ML.Trainers.FastTree;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// Flattens the trees of an ML.NET ensemble, read through ML.NET's public tree API (children, split features and
/// thresholds, categorical split flags and features, leaf values), into a <see cref="CompiledTreeEnsemble"/>.
/// A tree that does not hold together (a child or feature out of range) throws <see cref="NotSupportedException"/>.
/// </summary>
internal static class TreeEnsembleCompiler
{
    public static CompiledTreeEnsemble Compile(IReadOnlyList<RegressionTreeBase> trees, int featureCount)
    {
        if (featureCount <= 0)
        {
            throw new NotSupportedException("The trees read a feature vector of unknown size.");
        }
        var splitting = trees.Where(HasSplits).ToList();

        var used = new SortedSet<int>();
        var numeric = new HashSet<int>();
        foreach (var tree in splitting)
        {
            for (var node = 0; node < tree.NumberOfNodes; node++)
            {
                if (tree.CategoricalSplitFlags[node])
                {
                    foreach (var feature in tree.GetCategoricalSplitFeaturesAt(node))
                    {
                        used.Add(CheckFeature(feature, featureCount));
                    }
                }
                else
                {
                    var feature = CheckFeature(tree.NumericalSplitFeatureIndexes[node], featureCount);
                    used.Add(feature);
                    numeric.Add(feature);
                }
            }
        }
        var features = new CompactFeatures(featureCount, [.. used], numeric);

        var nodes = new List<TreeNode>();
        var leaves = new List<double>();
        var roots = new List<int>();
        var categoricalStarts = new List<int> { 0 };
        var categoricalFeatures = new List<int>();
        foreach (var tree in splitting)
        {
            var nodeBase = nodes.Count;
            var leafBase = leaves.Count;
            roots.Add(nodeBase);
            for (var node = 0; node < tree.NumberOfNodes; node++)
            {
                var left = Child(tree, tree.LeftChild[node], nodeBase, leafBase);
                var right = Child(tree, tree.RightChild[node], nodeBase, leafBase);
                if (tree.CategoricalSplitFlags[node])
                {
                    categoricalFeatures.AddRange(tree.GetCategoricalSplitFeaturesAt(node).Select(features.CompactIndexOf));
                    categoricalStarts.Add(categoricalFeatures.Count);
                    nodes.Add(new TreeNode(~(categoricalStarts.Count - 2), 0f, left, right));
                }
                else
                {
                    var feature = features.CompactIndexOf(tree.NumericalSplitFeatureIndexes[node]);
                    nodes.Add(new TreeNode(feature, tree.NumericalSplitThresholds[node], left, right));
                }
            }
            leaves.AddRange(tree.LeafValues);
        }
        return new CompiledTreeEnsemble(
            [.. nodes], [.. leaves], [.. roots], [.. categoricalStarts], [.. categoricalFeatures], features, trees.Count);
    }

    /// <summary>
    /// ML.NET scores a tree without splits (or one whose root's left child is the root: its placeholder for an empty
    /// tree) as 0, whatever its leaf holds.
    /// </summary>
    private static bool HasSplits(RegressionTreeBase tree) => tree.NumberOfNodes > 0 && tree.LeftChild[0] != 0;

    private static int Child(RegressionTreeBase tree, int child, int nodeBase, int leafBase)
    {
        if (child >= 0)
        {
            return child < tree.NumberOfNodes ? nodeBase + child : throw Malformed($"split {child}");
        }
        return ~child < tree.NumberOfLeaves && ~child < tree.LeafValues.Count ? ~(leafBase + ~child) : throw Malformed($"leaf {~child}");
    }

    private static int CheckFeature(int feature, int featureCount) =>
        feature >= 0 && feature < featureCount ? feature : throw Malformed($"feature {feature} of {featureCount}");

    private static NotSupportedException Malformed(string what) => new($"A tree refers to {what}, which does not exist.");
}
