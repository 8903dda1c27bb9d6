using System.Diagnostics;
using Microsoft.ML;
using Mle.Data;

namespace Mle.Scoring.MlNet;

/// <summary>
/// Scores an ML.NET model by its own schema, with no compile-time row class. Small batches reuse one row
/// mapper built for this engine (what <c>PredictionEngine</c> does, without its row type); from
/// <c>bulkThresholdRows</c> rows a batch may instead flow as one columnar <see cref="IDataView"/> through
/// <c>Transform</c>: always, or when <paramref name="chooser"/> has learned that it is faster for this model.
/// </summary>
internal sealed class MlNetScoringEngine(MlNetModel model, int bulkThresholdRows, BatchPathChooser? chooser) : IScoringEngine
{
    private RowPipeline? _rows;

    public ColumnBatch Score(ColumnBatch input)
    {
        if (input.RowCount < bulkThresholdRows)
        {
            return ScoreRows(input);
        }
        if (chooser is null)
        {
            return ScoreBulk(input);
        }

        var bulk = chooser.PreferBulk(input.RowCount);
        var started = Stopwatch.GetTimestamp();
        var scored = bulk ? ScoreBulk(input) : ScoreRows(input);
        chooser.Record(input.RowCount, bulk, Stopwatch.GetElapsedTime(started));
        return scored;
    }

    public void Dispose() => _rows?.Dispose();

    private ColumnBatch ScoreRows(ColumnBatch input) => (_rows ??= new RowPipeline(model)).Score(input);

    private ColumnBatch ScoreBulk(ColumnBatch input)
    {
        var scored = model.Transformer.Transform(new ColumnBatchDataView(model.InputSchema, input));
        var readers = CreateReaders(model);
        using var cursor = scored.GetRowCursor(readers.Select(r => scored.Schema[r.Name]));
        foreach (var reader in readers)
        {
            reader.Bind(cursor);
        }
        return Read(readers, input.RowCount, cursor);
    }

    private static OutputReader[] CreateReaders(MlNetModel model) =>
        [.. model.Outputs.Select(o => OutputReader.For(o.Name, o.Type))];

    private static ColumnBatch Read(OutputReader[] readers, int rowCount, DataViewRowCursor cursor)
    {
        foreach (var reader in readers)
        {
            reader.Start(rowCount);
        }
        for (var row = 0; row < rowCount; row++)
        {
            if (!cursor.MoveNext())
            {
                throw new InvalidOperationException($"The model returned {row} rows for {rowCount} inputs.");
            }
            foreach (var reader in readers)
            {
                reader.Read(row);
            }
        }
        // Loops rather than LINQ and a method-group delegate: this runs once per scoring call.
        var columns = new Column[readers.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            columns[i] = readers[i].Finish();
        }
        return new ColumnBatch(rowCount, columns);
    }

    /// <summary>A row mapper, its input cursor and bound output getters, built once and rebound per call.</summary>
    private sealed class RowPipeline : IDisposable
    {
        private readonly ColumnBatchCursor _cursor;
        private readonly OutputReader[] _readers;

        public RowPipeline(MlNetModel model)
        {
            _cursor = new ColumnBatchCursor(model.InputSchema);
            var mapper = model.Transformer.GetRowToRowMapper(model.InputSchema);
            _readers = CreateReaders(model);
            var row = mapper.GetRow(_cursor, _readers.Select(r => mapper.OutputSchema[r.Name]));
            foreach (var reader in _readers)
            {
                reader.Bind(row);
            }
        }

        public ColumnBatch Score(ColumnBatch input)
        {
            _cursor.Bind(input);
            return Read(_readers, input.RowCount, _cursor);
        }

        public void Dispose() => _cursor.Dispose();
    }
}
