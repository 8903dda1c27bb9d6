using Mle.Serving.Expressions;

namespace Mle.Endpoints;

/// <summary>
/// Routes each row by the first rule whose predicate holds on it (on the request's values and the enriched features;
/// an unknown result, from a null, does not hold), else to the default; the route says <c>rules[i]</c> or <c>default</c>.
/// </summary>
internal sealed class SegmentGraphNode(string endpoint, string path, IReadOnlyList<GraphNode> rules, GraphNode fallback) : GraphNode(endpoint, path)
{
    private readonly CompiledExpression?[] _predicates = new CompiledExpression?[rules.Count];

    /// <summary>Set by the compiler's second pass, once the fields a predicate may read are known.</summary>
    public void SetPredicate(int rule, CompiledExpression predicate) => _predicates[rule] = predicate;

    public override Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        var groups = Enumerable.Range(0, rules.Count + 1).Select(_ => new List<int>()).ToArray();
        var fields = _predicates.SelectMany(p => p?.Fields ?? []).Distinct(StringComparer.Ordinal)
            .Select(f => (Name: f, Column: frame.Find(f))).ToArray();
        var record = new Dictionary<string, object?>(fields.Length, StringComparer.Ordinal);
        for (var row = 0; row < frame.RowCount; row++)
        {
            foreach (var (name, column) in fields)
            {
                record[name] = column is { Width: 1 } ? ColumnRows.Value(column, row) : null;
            }
            var chosen = rules.Count;
            for (var i = 0; i < rules.Count; i++)
            {
                if (_predicates[i]?.Matches(record) == true)
                {
                    chosen = i;
                    break;
                }
            }
            groups[chosen].Add(row);
        }
        return Branches(run, frame,
            [.. rules.Append(fallback).Select((node, i) => (node, groups[i],
                (Action<int[]>?)(ids => run.Route(ids, "segment", i < rules.Count ? $"rules[{i}]" : "default"))))]);
    }
}
