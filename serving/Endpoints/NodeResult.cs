using Mle.Data;
using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// What a node answered for its rows: one or more parts, each some request rows with the outputs of the path they
/// took. Variants of a split may answer with different columns; each row keeps its own in the response, and a
/// consumer that needs one table of all rows (a chain's next step, an ensemble) <see cref="Merge"/>s them.
/// </summary>
internal sealed class NodeResult(IReadOnlyList<ResultPart> parts)
{
    public static NodeResult Empty { get; } = new([]);

    public IReadOnlyList<ResultPart> Parts { get; } = parts;

    public static NodeResult Of(int[] ids, ColumnBatch outputs) => new([new ResultPart(ids, outputs)]);

    public static NodeResult Concat(IReadOnlyList<NodeResult> results) =>
        results.Count == 1 ? results[0] : new NodeResult([.. results.SelectMany(r => r.Parts)]);

    /// <summary>
    /// The outputs of every row of <paramref name="frame"/> in its order, with the columns all parts have: the same
    /// kind and width, or numbers of the same width (then as doubles).
    /// </summary>
    public ColumnBatch Merge(RowFrame frame)
    {
        if (Parts.Count == 1 && Parts[0].Ids.Length == frame.RowCount)
        {
            return Parts[0].Outputs;
        }
        var parts = Parts.Where(p => p.Ids.Length > 0).ToList();
        if (parts.Count == 0)
        {
            return new ColumnBatch(frame.RowCount, []);
        }
        var positions = parts.Select(p => Array.ConvertAll(p.Ids, frame.PositionOf)).ToList();
        var columns = new List<Column>();
        foreach (var first in parts[0].Outputs.Columns)
        {
            var found = parts.Select(p => p.Outputs.Find(first.Name)).ToList();
            if (found.Any(c => c is null || c.Width != first.Width))
            {
                continue;
            }
            var same = found.All(c => c!.Kind == first.Kind);
            if (!same && !found.All(c => ColumnRows.IsNumber(c!.Kind)))
            {
                continue;
            }
            var pieces = new List<(int[], Column)>(parts.Count);
            for (var i = 0; i < parts.Count; i++)
            {
                pieces.Add((positions[i], same ? found[i]! : ColumnRows.As(found[i]!, first.Name, ScalarKind.Double)!));
            }
            columns.Add(ColumnRows.Scatter(first.Name, frame.RowCount, pieces));
        }
        return new ColumnBatch(frame.RowCount, [.. columns]);
    }
}

/// <summary>Some request rows (ascending ids) and the outputs their path produced, row for row.</summary>
internal sealed record ResultPart(int[] Ids, ColumnBatch Outputs);
