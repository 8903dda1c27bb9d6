using Microsoft.ML;
using Mle.Data;

namespace Mle.Scoring.MlNet;

/// <summary>
/// A <see cref="ColumnBatch"/> as an ML.NET <see cref="IDataView"/> over its columnar arrays, so a whole
/// batch flows through <c>ITransformer.Transform</c> without one object per row.
/// </summary>
internal sealed class ColumnBatchDataView(DataViewSchema schema, ColumnBatch batch) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema => schema;

    public long? GetRowCount() => batch.RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var cursor = new ColumnBatchCursor(schema);
        cursor.Bind(batch);
        return cursor;
    }

    // One cursor: a request's batch is small next to the cost of splitting it across threads that
    // other requests on the silo are already using.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
