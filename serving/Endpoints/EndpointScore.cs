using Mle.Data;

namespace Mle.Endpoints;

/// <summary>An endpoint's answer to one request: each row's predictions and route.</summary>
public sealed class EndpointScore
{
    private readonly (ColumnBatch Outputs, int Row)[] _rows;

    private EndpointScore(CompiledEndpoint endpoint, (ColumnBatch, int)[] rows, IReadOnlyList<RowRoute> routes, int scoreCalls, IReadOnlyList<string?> entityKeys)
    {
        Endpoint = endpoint;
        _rows = rows;
        Routes = routes;
        ScoreCalls = scoreCalls;
        EntityKeys = entityKeys;
    }

    /// <summary>An answer whose rows are the rows of one output table, in order (a single model scored them all).</summary>
    internal EndpointScore(CompiledEndpoint endpoint, ColumnBatch outputs, RowRoute[] routes, int scoreCalls, string?[] entityKeys)
    {
        Endpoint = endpoint;
        EntityKeys = entityKeys;
        Routes = routes;
        ScoreCalls = scoreCalls;
        _rows = new (ColumnBatch, int)[outputs.RowCount];
        for (var row = 0; row < _rows.Length; row++)
        {
            _rows[row] = (outputs, row);
        }
    }

    internal EndpointScore(CompiledEndpoint endpoint, RowFrame frame, NodeResult result, IReadOnlyList<RowRoute> routes, int scoreCalls, IReadOnlyList<string?> entityKeys)
    {
        var rowCount = frame.RowCount;
        Endpoint = endpoint;
        EntityKeys = entityKeys;
        Routes = routes;
        ScoreCalls = scoreCalls;
        _rows = new (ColumnBatch, int)[rowCount];
        foreach (var part in result.Parts)
        {
            for (var i = 0; i < part.Ids.Length; i++)
            {
                _rows[part.Ids[i]] = (part.Outputs, i);
            }
        }
    }

    /// <summary>The compiled endpoint (spec version) that answered.</summary>
    public CompiledEndpoint Endpoint { get; }

    public int RowCount => _rows.Length;

    /// <summary>Each row's entity key (the spec's <c>entityKey</c>), null where there is none.</summary>
    public IReadOnlyList<string?> EntityKeys { get; }

    /// <summary>The route of each row.</summary>
    public IReadOnlyList<RowRoute> Routes { get; }

    /// <summary>How many score calls the request made (one per model version per round of a chain).</summary>
    public int ScoreCalls { get; }

    /// <summary>Every row's outputs in one table, with the columns all rows have (what a tensor protocol can answer).</summary>
    public ColumnBatch Merged()
    {
        if (_rows.Length > 0 && _rows[0].Outputs.RowCount == _rows.Length && IsOneTableInOrder())
        {
            // One model answered every row, in request order (a single-model endpoint): the table is the answer.
            return _rows[0].Outputs;
        }
        if (_rows.Length > 0 && IsOneTableRange())
        {
            // One request's share of a dynamic batch: consecutive rows of the batch's table.
            var (table, start) = _rows[0];
            return new ColumnBatch(_rows.Length, Array.ConvertAll(table.Columns, c => ColumnRows.Slice(c, start, _rows.Length)));
        }
        var parts = _rows.Select((r, i) => (r.Outputs, r.Row, Id: i)).GroupBy(r => r.Outputs)
            .Select(g => new ResultPart([.. g.Select(r => r.Id)],
                new ColumnBatch(g.Count(), Array.ConvertAll(g.Key.Columns, c => ColumnRows.Take(c, [.. g.Select(r => r.Row)])))))
            .ToList();
        var ids = Enumerable.Range(0, _rows.Length).ToArray();
        return new NodeResult(parts).Merge(new RowFrame(ids, new string?[ids.Length], []));
    }

    private bool IsOneTableRange()
    {
        var (outputs, start) = _rows[0];
        for (var row = 1; row < _rows.Length; row++)
        {
            if (!ReferenceEquals(_rows[row].Outputs, outputs) || _rows[row].Row != start + row)
            {
                return false;
            }
        }
        return true;
    }

    private bool IsOneTableInOrder()
    {
        var outputs = _rows[0].Outputs;
        for (var row = 0; row < _rows.Length; row++)
        {
            if (!ReferenceEquals(_rows[row].Outputs, outputs) || _rows[row].Row != row)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><paramref name="count"/> rows from <paramref name="start"/>: one request's share of a dynamic batch.</summary>
    internal EndpointScore Slice(int start, int count) =>
        start == 0 && count == _rows.Length
            ? this
            : new EndpointScore(Endpoint, _rows[start..(start + count)], Part(Routes, start, count), ScoreCalls, Part(EntityKeys, start, count));

    private static T[] Part<T>(IReadOnlyList<T> items, int start, int count)
    {
        var part = new T[count];
        for (var i = 0; i < count; i++)
        {
            part[i] = items[start + i];
        }
        return part;
    }

    /// <summary>The outputs that hold row <paramref name="row"/>'s predictions, and its row in them.</summary>
    public (ColumnBatch Outputs, int Row) Prediction(int row) => _rows[row];
}
