namespace Mle.Data;

/// <summary>
/// Rows for scoring, or predictions, held as columns: JSON becomes columns once, at the edge,
/// and a batch of any size travels to the scoring worker as one immutable message.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ColumnBatch([property: Id(0)] int RowCount, [property: Id(1)] Column[] Columns)
{
    public Column? Find(string name) => Array.Find(Columns, c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public Column this[string name] => Find(name) ?? throw new KeyNotFoundException($"No column '{name}'.");
}
