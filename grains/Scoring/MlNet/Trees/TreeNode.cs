using System.Runtime.InteropServices;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// One split of a compiled tree, 16 bytes so four share a cache line. <see cref="Feature"/> is the feature's index in
/// the compact feature vector for a numeric split (go right unless <c>x &lt;= Threshold</c>, as ML.NET does, so NaN
/// goes right), or the complement (<c>~k</c>) of categorical split k (go right when any of its features is above 0).
/// A child at or above 0 is another split of the same ensemble's node array; below 0 it is the complement of a leaf
/// in the ensemble's leaf array. Fields, laid out in this order: the walk picks <see cref="Right"/> as the int after
/// <see cref="Left"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct TreeNode(int feature, float threshold, int left, int right)
{
    public readonly int Feature = feature;
    public readonly float Threshold = threshold;
    public readonly int Left = left;
    public readonly int Right = right;
}
