using Mle.Data;

namespace Mle.Endpoints;

/// <summary>An endpoint's answer to one request: each row's predictions and route.</summary>
public sealed class EndpointScore
{
    private readonly (ColumnBatch Outputs, int Row)[] _rows;
    private readonly NodeResult _result;
    private readonly RowFrame _frame;

    internal EndpointScore(CompiledEndpoint endpoint, RowFrame frame, NodeResult result, IReadOnlyList<RowRoute> routes, int scoreCalls, IReadOnlyList<string?> entityKeys)
    {
        var rowCount = frame.RowCount;
        _result = result;
        _frame = frame;
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
    public ColumnBatch Merged() => _result.Merge(_frame);

    /// <summary>The outputs that hold row <paramref name="row"/>'s predictions, and its row in them.</summary>
    public (ColumnBatch Outputs, int Row) Prediction(int row) => _rows[row];
}
