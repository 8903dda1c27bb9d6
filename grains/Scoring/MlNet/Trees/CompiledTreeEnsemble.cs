using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// A tree ensemble flattened into arrays: every split of every tree in one <see cref="TreeNode"/> array (each tree's
/// nodes contiguous), every leaf value in one array, and the features the splits read renumbered densely
/// (<see cref="CompactFeatures"/>), so a row is a short float span instead of the model's whole feature vector.
/// Immutable and shared by every engine of a model.
/// </summary>
/// <remarks>
/// The sum is ML.NET's: each tree's leaf value added in double, tree by tree in ensemble order, starting from 0 (the
/// ensemble's bias is not added, as ML.NET does not add it either). Trees without a split add 0 in ML.NET and are left
/// out here: adding +0.0 to a sum that started at +0.0 never changes it.
/// </remarks>
internal sealed class CompiledTreeEnsemble
{
    private readonly TreeNode[] _nodes;
    private readonly double[] _leaves;
    private readonly int[] _roots;
    private readonly int[] _categoricalStarts;
    private readonly int[] _categoricalFeatures;

    public CompiledTreeEnsemble(
        TreeNode[] nodes, double[] leaves, int[] roots, int[] categoricalStarts, int[] categoricalFeatures,
        CompactFeatures features, int sourceTreeCount)
    {
        _nodes = nodes;
        _leaves = leaves;
        _roots = roots;
        _categoricalStarts = categoricalStarts;
        _categoricalFeatures = categoricalFeatures;
        Features = features;
        SourceTreeCount = sourceTreeCount;
    }

    /// <summary>The features the splits read, and where each sits in the model's feature vector.</summary>
    public CompactFeatures Features { get; }

    /// <summary>The trees the model has, splitless ones included (a forest's mean divides by this).</summary>
    public int SourceTreeCount { get; }

    /// <summary>Trees with at least one split.</summary>
    public int TreeCount => _roots.Length;

    public int NodeCount => _nodes.Length;

    public bool HasCategoricalSplits => _categoricalStarts.Length > 1;

    /// <summary>The ensemble's raw output for one row of compact features.</summary>
    public double Sum(ReadOnlySpan<float> row)
    {
        if (row.Length < Features.Count)
        {
            throw new ArgumentException($"A row needs {Features.Count} features, got {row.Length}.", nameof(row));
        }
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref var x = ref MemoryMarshal.GetReference(row);
var sum = 0.0;
        var roots = _roots;
        var tree = 0;
        // Four trees at a time: their walks are independent chains of loads, which the core overlaps; the leaves are
        // still added in ensemble order.
        for (; tree + 4 <= roots.Length; tree += 4)
        {
            int n0 = roots[tree], n1 = roots[tree + 1], n2 = roots[tree + 2], n3 = roots[tree + 3];
            while ((n0 & n1 & n2 & n3) >= 0)
            {
                n0 = StepOrStay(ref nodes, ref x, n0);
                n1 = StepOrStay(ref nodes, ref x, n1);
                n2 = StepOrStay(ref nodes, ref x, n2);
                n3 = StepOrStay(ref nodes, ref x, n3);
            }
            sum += Unsafe.Add(ref leaves, ~n0);
            sum += Unsafe.Add(ref leaves, ~n1);
            sum += Unsafe.Add(ref leaves, ~n2);
            sum += Unsafe.Add(ref leaves, ~n3);
        }
        for (; tree < roots.Length; tree++)
        {
            sum += Unsafe.Add(ref leaves, ~Walk(ref nodes, ref x, roots[tree]));
        }
        return sum;
    }

    /// <summary>
    /// The raw outputs of <paramref name="rows"/> rows stored one after another (<see cref="CompactFeatures.Count"/>
    /// floats each) into <paramref name="sums"/>. Tree-major: all rows walk one tree before the next, so a tree's nodes
    /// stay in the first-level cache while every row reads them; each row still adds its trees in ensemble order, so a
    /// row's sum is bit-identical to <see cref="Sum"/>.
    /// </summary>
    public void SumBatch(ReadOnlySpan<float> matrix, int rows, Span<double> sums)
    {
        var width = Features.Count;
        if (matrix.Length < (long)rows * width || sums.Length < rows)
        {
            throw new ArgumentException($"{rows} rows need {(long)rows * width} features and {rows} sums.");
        }
        sums[..rows].Clear();
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref var first = ref MemoryMarshal.GetReference(matrix);
        ref var sum = ref MemoryMarshal.GetReference(sums);
        foreach (var root in _roots)
        {
            var row = 0;
            // Four rows at a time: their walks are independent chains of loads, which the core overlaps.
            for (; row + 4 <= rows; row += 4)
            {
                ref var x0 = ref Unsafe.Add(ref first, row * width);
                ref var x1 = ref Unsafe.Add(ref x0, width);
                ref var x2 = ref Unsafe.Add(ref x1, width);
                ref var x3 = ref Unsafe.Add(ref x2, width);
                int n0 = root, n1 = root, n2 = root, n3 = root;
                while ((n0 & n1 & n2 & n3) >= 0)
                {
                    n0 = StepOrStay(ref nodes, ref x0, n0);
                    n1 = StepOrStay(ref nodes, ref x1, n1);
                    n2 = StepOrStay(ref nodes, ref x2, n2);
                    n3 = StepOrStay(ref nodes, ref x3, n3);
                }
                Unsafe.Add(ref sum, row) += Unsafe.Add(ref leaves, ~n0);
                Unsafe.Add(ref sum, row + 1) += Unsafe.Add(ref leaves, ~n1);
                Unsafe.Add(ref sum, row + 2) += Unsafe.Add(ref leaves, ~n2);
                Unsafe.Add(ref sum, row + 3) += Unsafe.Add(ref leaves, ~n3);
            }
            for (; row < rows; row++)
            {
                Unsafe.Add(ref sum, row) += Unsafe.Add(ref leaves, ~Walk(ref nodes, ref Unsafe.Add(ref first, row * width), root));
            }
        }
    }

    /// <summary>Walks from <paramref name="node"/> to its leaf (a leaf, below 0, is returned as it is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Walk(ref TreeNode nodes, ref float x, int node)
    {
        while (node >= 0)
        {
            node = Step(ref nodes, ref x, node);
        }
        return node;
    }

    /// <summary>
    /// One split, or nothing for a walk that already reached its leaf (below 0): lets walks of different lengths run
    /// in lockstep without a branch per walk (the finished walk reads split 0 and keeps its leaf).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int StepOrStay(ref TreeNode nodes, ref float x, int node)
    {
        var done = node >> 31;
        var next = Step(ref nodes, ref x, node & ~done);
        return (node & done) | (next & ~done);
    }

    /// <summary>
    /// One split. Branch-free for a numeric split: whether a row goes left or right is a coin toss the branch predictor
    /// loses half the time, so the comparison picks the child by offset (the right child follows the left in memory).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Step(ref TreeNode nodes, ref float x, int node)
    {
        ref readonly var split = ref Unsafe.Add(ref nodes, node);
        var feature = split.Feature;
        if (feature < 0)
        {
            return AnyPositive(ref x, ~feature) ? split.Right : split.Left;
        }
        // ML.NET goes left when x <= threshold, right otherwise (NaN included).
        var left = Unsafe.Add(ref x, feature) <= split.Threshold;
        return Unsafe.Add(ref Unsafe.AsRef(in split.Left), 1 - Unsafe.As<bool, byte>(ref left));
    }

    /// <summary>A categorical split goes right when any of its one-hot features is above 0 (NaN is not).</summary>
    private bool AnyPositive(ref float x, int split)
    {
        for (var i = _categoricalStarts[split]; i < _categoricalStarts[split + 1]; i++)
        {
            if (Unsafe.Add(ref x, _categoricalFeatures[i]) > 0f)
            {
                return true;
            }
        }
        return false;
    }
}
