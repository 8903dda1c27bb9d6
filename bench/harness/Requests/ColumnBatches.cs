using Mle.Data;

namespace Mle.Bench.Requests;

/// <summary>Builds the platform's columnar <see cref="ColumnBatch"/> from <see cref="FeatureRow"/>s.</summary>
public static class ColumnBatches
{
    public static ColumnBatch From(IReadOnlyList<FeatureRow> rows)
    {
        var first = rows[0].Values;
        var columns = new Column[first.Count];
        for (var c = 0; c < first.Count; c++)
        {
            var index = c;
            columns[c] = first[c].Value switch
            {
                float => Column.Create(first[c].Key, 1, rows.Select(r => (float)r.Values[index].Value).ToArray()),
                float[] vector => Column.Create(first[c].Key, vector.Length, rows.SelectMany(r => (float[])r.Values[index].Value).ToArray()),
                string => Column.Create(first[c].Key, 1, rows.Select(r => (string)r.Values[index].Value).ToArray()),
                var other => throw new NotSupportedException($"Column '{first[c].Key}' holds {other.GetType()}."),
            };
        }
        return new ColumnBatch(rows.Count, columns);
    }
}
