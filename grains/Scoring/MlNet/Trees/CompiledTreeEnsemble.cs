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
        foreach (var root in _roots)
        {
            sum += Unsafe.Add(ref leaves, ~Walk(ref nodes, ref x, root));
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
                while ((n0 | n1 | n2 | n3) >= 0)
                {
                    n0 = Step(ref nodes, ref x0, n0);
                    n1 = Step(ref nodes, ref x1, n1);
                    n2 = Step(ref nodes, ref x2, n2);
                    n3 = Step(ref nodes, ref x3, n3);
                }
                n0 = n0 >= 0 ? Walk(ref nodes, ref x0, n0) : n0;
                n1 = n1 >= 0 ? Walk(ref nodes, ref x1, n1) : n1;
                n2 = n2 >= 0 ? Walk(ref nodes, ref x2, n2) : n2;
                n3 = n3 >= 0 ? Walk(ref nodes, ref x3, n3) : n3;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Walk(ref TreeNode nodes, ref float x, int node)
    {
        do
        {
            node = Step(ref nodes, ref x, node);
        }
        while (node >= 0);
        return node;
    }

    /// <summary>One split (a leaf, below 0, stays where it is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Step(ref TreeNode nodes, ref float x, int node)
    {
        if (node < 0)
        {
            return node;
        }
        ref readonly var split = ref Unsafe.Add(ref nodes, node);
        if (split.Feature >= 0)
        {
            return Unsafe.Add(ref x, split.Feature) <= split.Threshold ? split.Left : split.Right;
        }
        return AnyPositive(ref x, ~split.Feature) ? split.Right : split.Left;
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
