using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Data;

namespace Mle.Scoring.MlNet;

/// <summary>
/// A cursor over the rows of a <see cref="ColumnBatch"/>, presenting the model's saved input schema.
/// The row engine keeps one for its whole life and rebinds it per call; the bulk path makes one per call.
/// </summary>
internal sealed class ColumnBatchCursor : DataViewRowCursor
{
    private readonly InputSlot[] _slots;
    private readonly RowPosition _row = new() { Row = -1 };
    private int _rowCount;

    // Never reset: ML.NET transforms may cache values per position, so a rebound cursor must not repeat one.
    private long _position = -1;

    public ColumnBatchCursor(DataViewSchema schema)
    {
        Schema = schema;
        _slots = new InputSlot[schema.Count];
        for (var i = 0; i < schema.Count; i++)
        {
            _slots[i] = InputSlot.For(schema[i], _row);
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    /// <summary>Points the cursor before the first row of <paramref name="batch"/>.</summary>
    public void Bind(ColumnBatch batch)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i].Bind(batch.Find(Schema[i].Name));
        }
        _rowCount = batch.RowCount;
        _row.Row = -1;
    }

    public override bool MoveNext()
    {
        if (_row.Row + 1 >= _rowCount)
        {
            return false;
        }
        _row.Row++;
        _position++;
        return true;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var getter = _slots[column.Index].Getter;
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
}
