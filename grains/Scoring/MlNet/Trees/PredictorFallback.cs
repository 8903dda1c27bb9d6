using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// ML.NET's own prediction step over one feature vector, for the rows a compiled ensemble leaves to it (a NaN where
/// a numeric split reads: the tree's missing-value rule is not in ML.NET's public API). Built on first use: most
/// engines never need it. Not thread-safe, like the engine that owns it.
/// </summary>
internal sealed class PredictorFallback : IDisposable
{
    private readonly FeatureVectorCursor _cursor;
    private readonly ValueGetter<float>? _score;
    private readonly ValueGetter<float>? _probability;
    private readonly ValueGetter<bool>? _label;

    public PredictorFallback(CompiledTreeModel model)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(model.FeatureColumn, model.FeatureType);
        _cursor = new FeatureVectorCursor(builder.ToSchema());
        var mapper = model.Predictor.GetRowToRowMapper(_cursor.Schema);
        var wanted = model.Outputs.Select(o => mapper.OutputSchema[o.ToString()]).ToList();
        var row = mapper.GetRow(_cursor, wanted);
        foreach (var output in model.Outputs)
        {
            var column = row.Schema[output.ToString()];
            switch (output)
            {
                case TreeOutput.Score:
                    _score = row.GetGetter<float>(column);
                    break;
                case TreeOutput.Probability:
                    _probability = row.GetGetter<float>(column);
                    break;
                case TreeOutput.PredictedLabel:
                    _label = row.GetGetter<bool>(column);
                    break;
            }
        }
    }

    /// <summary>ML.NET's prediction for <paramref name="features"/>; outputs the model does not serve are left default.</summary>
    public (float Score, float Probability, bool Label) Predict(in VBuffer<float> features)
    {
        _cursor.Advance(features);
        float score = 0, probability = 0;
        var label = false;
        _score?.Invoke(ref score);
        _probability?.Invoke(ref probability);
        _label?.Invoke(ref label);
        return (score, probability, label);
    }

    public void Dispose() => _cursor.Dispose();
}
