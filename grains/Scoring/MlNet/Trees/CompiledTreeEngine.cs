using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Data;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// Scores a model whose predictor is a compiled tree ensemble: ML.NET's row mapper of the steps before the predictor
/// produces each row's feature vector, the features the splits read are gathered into a reused buffer, and the
/// compiled trees (one row at a time, or tree-major over a chunk of rows) replace ML.NET's predictor. Rows with a NaN
/// where a numeric split reads go to ML.NET's own predictor instead (<see cref="PredictorFallback"/>). Not
/// thread-safe: one engine serves one call at a time.
/// </summary>
internal sealed class CompiledTreeEngine : IScoringEngine
{
    /// <summary>Floats of gathered features scored per chunk: small enough to stay in the first-level cache.</summary>
    private const int ChunkFloats = 8192;

    private readonly CompiledTreeModel _model;
    private readonly MlNet.ColumnBatchCursor _cursor;
    private readonly ValueGetter<VBuffer<float>> _features;
    private readonly int _width;
    private readonly int _chunkRows;
    private readonly float[] _matrix;
    private readonly double[] _sums;
    private readonly bool _scores;
    private readonly bool _probabilities;
    private readonly bool _labels;
    private readonly List<(int Row, float Score, float Probability, bool Label)> _fallbackRows = [];
    private PredictorFallback? _fallback;
    private VBuffer<float> _vector;

    public CompiledTreeEngine(CompiledTreeModel model, DataViewSchema inputSchema)
    {
        _model = model;
        _cursor = new MlNet.ColumnBatchCursor(inputSchema);
        var mapper = model.Prefix.GetRowToRowMapper(inputSchema);
        var featureColumn = mapper.OutputSchema[model.FeatureColumn];
        var row = mapper.GetRow(_cursor, [featureColumn]);
        _features = row.GetGetter<VBuffer<float>>(featureColumn);
        _width = Math.Max(1, model.Ensemble.Features.Count);
        _chunkRows = Math.Clamp(ChunkFloats / _width, 4, 256);
        _matrix = new float[_chunkRows * _width];
        _sums = new double[_chunkRows];
        _scores = model.Outputs.Contains(TreeOutput.Score);
        _probabilities = model.Outputs.Contains(TreeOutput.Probability);
        _labels = model.Outputs.Contains(TreeOutput.PredictedLabel);
    }

    /// <summary>Rows this engine has left to ML.NET's own predictor so far.</summary>
    public long RowsLeftToMlNet { get; private set; }

    public ColumnBatch Score(ColumnBatch input)
    {
        var rows = input.RowCount;
        var outputs = _model.Outputs;
        var scores = _scores ? new float[rows] : null;
        var probabilities = _probabilities ? new float[rows] : null;
        var labels = _labels ? new bool[rows] : null;

        _cursor.Bind(input);
        _fallbackRows.Clear();
        var rule = _model.Rule;
        for (var start = 0; start < rows; start += _chunkRows)
        {
            var count = Math.Min(_chunkRows, rows - start);
            Gather(start, count);
            if (count == 1)
            {
                _sums[0] = _model.Ensemble.Sum(_matrix.AsSpan(0, _width));
            }
            else
            {
                _model.Ensemble.SumBatch(_matrix, count, _sums);
            }
            for (var i = 0; i < count; i++)
            {
                var score = rule.Score(_sums[i]);
                var probability = rule.HasProbability ? rule.Probability(score) : 0f;
                if (scores is not null)
                {
                    scores[start + i] = score;
                }
                if (probabilities is not null)
                {
                    probabilities[start + i] = probability;
                }
                if (labels is not null)
                {
                    labels[start + i] = rule.Label(score, probability);
                }
            }
        }
        foreach (var (row, score, probability, label) in _fallbackRows)
        {
            scores?[row] = score;
            probabilities?[row] = probability;
            labels?[row] = label;
        }

        var columns = new Column[outputs.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = outputs[i] switch
            {
                TreeOutput.Score => Column.Create(nameof(TreeOutput.Score), 1, scores!),
                TreeOutput.Probability => Column.Create(nameof(TreeOutput.Probability), 1, probabilities!),
                _ => Column.Create(nameof(TreeOutput.PredictedLabel), 1, labels!),
            };
        }
        return new ColumnBatch(rows, columns);
    }

    public void Dispose()
    {
        _cursor.Dispose();
        _fallback?.Dispose();
    }

    /// <summary>Runs the steps before the predictor for <paramref name="count"/> rows and gathers their features.</summary>
    private void Gather(int start, int count)
    {
        var features = _model.Ensemble.Features;
        for (var i = 0; i < count; i++)
        {
            if (!_cursor.MoveNext())
            {
                throw new InvalidOperationException($"The input ended after {start + i} rows.");
            }
            _features(ref _vector);
            if (!features.Gather(_vector, _matrix.AsSpan(i * _width, _width)))
            {
                var (score, probability, label) = (_fallback ??= new PredictorFallback(_model)).Predict(_vector);
                _fallbackRows.Add((start + i, score, probability, label));
                RowsLeftToMlNet++;
            }
        }
    }
}
