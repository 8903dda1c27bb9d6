using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// Every member scores every row; the members' <c>output</c> columns are combined row by row: the mean, the
/// weighted mean (Σ w·x / Σ w), or a weighted vote (the value with the largest total weight; a tie goes to the
/// earliest member's value among the tied). The answer is that one column, under the output's name: a float64 for
/// means, the members' kind for a vote.
/// </summary>
internal sealed class EnsembleGraphNode(string endpoint, string path, CombineRule combine, string output, IReadOnlyList<(GraphNode Node, double Weight)> members)
    : GraphNode(endpoint, path)
{
    public override async Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        if (frame.RowCount == 0)
        {
            return NodeResult.Empty;
        }
        var results = await Task.WhenAll(members.Select(m => m.Node.Evaluate(run, frame))).ConfigureAwait(false);
        var columns = new Column[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            columns[i] = results[i].Merge(frame).Find(output)
                ?? throw new SchemaMismatchException($"Member {i} of the ensemble at {Path} produced no '{output}' column.", output);
        }
        var combined = combine == CombineRule.Vote ? Vote(columns, frame.RowCount) : Mean(columns, frame.RowCount);
        return NodeResult.Of(frame.Ids, new ColumnBatch(frame.RowCount, [combined]));
    }

    private Column<double> Mean(Column[] columns, int rows)
    {
        var values = columns.Select(ColumnRows.ToDoubles).ToArray();
        var sums = new double[rows];
        var total = 0.0;
        for (var m = 0; m < values.Length; m++)
        {
            var weight = combine == CombineRule.WeightedMean ? members[m].Weight : 1.0;
            total += weight;
            for (var r = 0; r < rows; r++)
            {
                sums[r] += weight * values[m][r];
            }
        }
        for (var r = 0; r < rows; r++)
        {
            sums[r] /= total;
        }
        return Column.Create(output, 1, sums);
    }

    private Column Vote(Column[] columns, int rows)
    {
        var winners = new object?[rows];
        for (var r = 0; r < rows; r++)
        {
            var tally = new List<(object? Value, double Weight)>();
            for (var m = 0; m < columns.Length; m++)
            {
                var value = ColumnRows.Value(columns[m], r);
                var at = tally.FindIndex(t => Equals(t.Value, value));
                if (at < 0)
                {
                    tally.Add((value, members[m].Weight));
                }
                else
                {
                    tally[at] = (value, tally[at].Weight + members[m].Weight);
                }
            }
            // Strictly larger wins, so among equal weights the value seen first (the earliest member's) stays.
            var best = tally[0];
            foreach (var candidate in tally)
            {
                if (candidate.Weight > best.Weight)
                {
                    best = candidate;
                }
            }
            winners[r] = best.Value;
        }
        return columns[0].Kind switch
        {
            ScalarKind.Boolean => Column.Create(output, 1, Array.ConvertAll(winners, v => (bool)v!)),
            ScalarKind.String => Column.Create(output, 1, Array.ConvertAll(winners, v => (string)v!)),
            var kind => ColumnRows.As(Column.Create(output, 1, Array.ConvertAll(winners, v => (double)v!)), output, kind)!,
        };
    }
}
