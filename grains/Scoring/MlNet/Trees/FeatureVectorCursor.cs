using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// A one-column cursor that serves whatever feature vector it was last given, so ML.NET's own prediction step can
/// score a vector the engine already holds. Each <see cref="Advance"/> is a new position: ML.NET's scorers cache
/// their outputs per position.
/// </summary>
internal sealed class FeatureVectorCursor(DataViewSchema schema) : DataViewRowCursor
{
    private VBuffer<float> _features;
    private long _position = -1;

    public override DataViewSchema Schema => schema;

    public override long Position => _position;

    public override long Batch => 0;

    /// <summary>Moves to a new row holding <paramref name="features"/> (referenced, not copied).</summary>
    public void Advance(in VBuffer<float> features)
    {
        _features = features;
        _position++;
    }

    public override bool MoveNext() => throw new NotSupportedException("The cursor is advanced by its owner.");

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) => _features.CopyTo(ref value);
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is a float vector, not {typeof(TValue).Name}.");
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
}
