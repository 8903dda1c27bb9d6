namespace Mle.Data;

/// <summary>
/// Rows for scoring, or predictions, held as columns: JSON becomes columns once, at the edge,
/// and a batch of any size travels to the scoring worker as one immutable message.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ColumnBatch([property: Id(0)] int RowCount, [property: Id(1)] Column[] Columns)
{
    // A loop, not Array.Find: a lambda capturing the name is an allocation on every scoring call.
    public Column? Find(string name)
    {
        foreach (var column in Columns)
        {
            if (string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                return column;
            }
        }
        return null;
    }

    public Column this[string name] => Find(name) ?? throw new KeyNotFoundException($"No column '{name}'.");
}
