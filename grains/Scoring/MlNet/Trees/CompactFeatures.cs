using Microsoft.ML.Data;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// The features an ensemble's splits read, numbered densely: a one-hot encoded model has hundreds of slots of which
/// the trees read a few dozen, and a row is gathered into just those. Also says which of them a numeric split reads:
/// a NaN there needs the tree's missing-value rule, which ML.NET keeps out of its public tree API (LightGBM stores a
/// substitute value per split), so such a row is scored by ML.NET itself.
/// </summary>
internal sealed class CompactFeatures
{
    private readonly int[] _compactOf;
    private readonly int[] _sourceIndexes;
    private readonly int[] _missingSensitive;

    /// <param name="sourceCount">The width of the model's feature vector.</param>
    /// <param name="used">The source indexes the splits read, ascending.</param>
    /// <param name="numeric">The source indexes a numeric split reads.</param>
    public CompactFeatures(int sourceCount, int[] used, IEnumerable<int> numeric)
    {
        SourceCount = sourceCount;
        _sourceIndexes = used;
        _compactOf = new int[sourceCount];
        Array.Fill(_compactOf, -1);
        for (var i = 0; i < used.Length; i++)
        {
            _compactOf[used[i]] = i;
        }
        _missingSensitive = [.. numeric.Distinct().Select(f => _compactOf[f]).Order()];
    }

    /// <summary>How many features a compact row has.</summary>
    public int Count => _sourceIndexes.Length;

    /// <summary>The width of the model's feature vector.</summary>
    public int SourceCount { get; }

    /// <summary>For each compact feature, its index in the model's feature vector.</summary>
    public IReadOnlyList<int> SourceIndexes => _sourceIndexes;

    /// <summary>The compact index of source feature <paramref name="source"/>, or -1 when no split reads it.</summary>
    public int CompactIndexOf(int source) => _compactOf[source];

    /// <summary>
    /// Writes the features the splits read from <paramref name="vector"/> (dense or sparse, as ML.NET produced it)
    /// into <paramref name="row"/>; returns false when one a numeric split reads is NaN.
    /// </summary>
    public bool Gather(in VBuffer<float> vector, Span<float> row)
    {
        if (vector.Length != SourceCount)
        {
            throw new InvalidOperationException($"The feature vector has {vector.Length} slots; the trees were trained on {SourceCount}.");
        }
        var values = vector.GetValues();
        if (vector.IsDense)
        {
            var used = _sourceIndexes;
            for (var i = 0; i < used.Length; i++)
            {
                row[i] = values[used[i]];
            }
        }
        else
        {
            // Slots a sparse vector leaves out are 0, which is what ML.NET's trees read for them too.
            row[..Count].Clear();
            var indices = vector.GetIndices();
            for (var i = 0; i < indices.Length; i++)
            {
                var compact = _compactOf[indices[i]];
                if (compact >= 0)
                {
                    row[compact] = values[i];
                }
            }
        }
        foreach (var feature in _missingSensitive)
        {
            if (float.IsNaN(row[feature]))
            {
                return false;
            }
        }
        return true;
    }
}
