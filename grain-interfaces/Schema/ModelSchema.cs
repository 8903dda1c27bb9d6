namespace Mle.Schema;

/// <summary>A model's input and output columns, in the order the model declares them.</summary>
[GenerateSerializer, Immutable]
public sealed record ModelSchema(
    [property: Id(0)] ColumnSchema[] Inputs,
    [property: Id(1)] ColumnSchema[] Outputs)
{
    public ColumnSchema? FindInput(string name) => Find(Inputs, name);

    public ColumnSchema? FindOutput(string name) => Find(Outputs, name);

    // A loop, not Array.Find: a lambda capturing the name is an allocation on every request that looks a column up.
    private static ColumnSchema? Find(ColumnSchema[] columns, string name)
    {
        foreach (var column in columns)
        {
            if (string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                return column;
            }
        }
        return null;
    }
}
