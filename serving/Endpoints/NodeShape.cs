using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// What a node needs from its rows and what it answers, by column name, as the compiler works it out bottom-up to
/// check chains, ensembles and the request's columns.
/// </summary>
internal sealed class NodeShape(Dictionary<string, ColumnSchema> needs, IReadOnlyList<ColumnSchema> outputs)
{
    public Dictionary<string, ColumnSchema> Needs { get; } = needs;

    public IReadOnlyList<ColumnSchema> Outputs { get; } = outputs;

    public ColumnSchema? Output(string name) => Outputs.FirstOrDefault(o => o.Name == name);

    /// <summary>Whether a column as <paramref name="provided"/> serves a node that needs <paramref name="needed"/>: the same width (or any, for a variable one) and kind, or numbers both.</summary>
    public static bool Fits(ColumnSchema provided, ColumnSchema needed) =>
        (needed.Width == 0 || provided.Width == needed.Width)
        && (provided.Kind == needed.Kind || (ColumnRows.IsNumber(provided.Kind) && ColumnRows.IsNumber(needed.Kind)));

    public static string Describe(ColumnSchema column) =>
        column.Width == 1 ? column.Kind.DisplayName() : $"{column.Kind.DisplayName()}[{(column.Width == 0 ? "?" : column.Width.ToString(System.Globalization.CultureInfo.InvariantCulture))}]";
}
