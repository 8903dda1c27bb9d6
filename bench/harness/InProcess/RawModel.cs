using Microsoft.ML;
using Mle.Bench.Models;

namespace Mle.Bench.InProcess;

/// <summary>
/// The baseline of the in-process case: the model loaded with ML.NET, scored one row at a time by a
/// reused <see cref="PredictionEngine{TSrc,TDst}"/> and in batches by <see cref="ITransformer.Transform"/>.
/// Input views are built once; a batch call transforms and reads every output row, as a caller would.
/// </summary>
public sealed class RawModel<TInput> : IRawModel
    where TInput : class
{
    private readonly ITransformer _model;
    private readonly PredictionEngine<TInput, BinaryPrediction> _engine;
    private readonly IReadOnlyList<TInput> _rows;
    private readonly Dictionary<int, IDataView> _batches;
    private BinaryPrediction _prediction = new();
    private int _next;

    public RawModel(string modelPath, IReadOnlyList<TInput> rows, IEnumerable<int> batchSizes)
    {
        var ml = new MLContext();
        _model = ml.Model.Load(modelPath, out _);
        _engine = ml.Model.CreatePredictionEngine<TInput, BinaryPrediction>(_model);
        _rows = rows;
        _batches = batchSizes.ToDictionary(size => size, size => ml.Data.LoadFromEnumerable(rows.Take(size).ToList()));
    }

    public float PredictOne()
    {
        _engine.Predict(_rows[_next++ % _rows.Count], ref _prediction);
        return _prediction.Probability;
    }

    public float Transform(int rows)
    {
        var scored = _model.Transform(_batches[rows]);
        var probability = scored.Schema[nameof(BinaryPrediction.Probability)];
        var label = scored.Schema[nameof(BinaryPrediction.PredictedLabel)];
        var score = scored.Schema[nameof(BinaryPrediction.Score)];
        using var cursor = scored.GetRowCursor([probability, label, score]);
        var getProbability = cursor.GetGetter<float>(probability);
        var getLabel = cursor.GetGetter<bool>(label);
        var getScore = cursor.GetGetter<float>(score);
        float sum = 0, value = 0, scoreValue = 0;
        var predicted = false;
        while (cursor.MoveNext())
        {
            getProbability(ref value);
            getLabel(ref predicted);
            getScore(ref scoreValue);
            sum += value;
        }
        return sum;
    }
}
