namespace Mle.Schema;

/// <summary>A model's input and output columns, in the order the model declares them.</summary>
[GenerateSerializer, Immutable]
public sealed record ModelSchema(
    [property: Id(0)] ColumnSchema[] Inputs,
    [property: Id(1)] ColumnSchema[] Outputs)
{
    public ColumnSchema? FindInput(string name) => Array.Find(Inputs, c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public ColumnSchema? FindOutput(string name) => Array.Find(Outputs, c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
