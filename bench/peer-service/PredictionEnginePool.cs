using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Mle.Bench.PeerService;

/// <summary>
/// What ML.NET's documentation teaches for web apps: a <see cref="PredictionEngine{TSrc,TDst}"/> is not
/// thread-safe, so requests borrow one from a pool over a single loaded model and give it back.
/// </summary>
public sealed class PredictionEnginePool<TInput, TOutput>
    where TInput : class
    where TOutput : class, new()
{
    private readonly ObjectPool<PredictionEngine<TInput, TOutput>> _engines;

    public PredictionEnginePool(MLContext ml, string modelPath)
    {
        var model = ml.Model.Load(modelPath, out _);
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(ml, model));
    }

    public TOutput Predict(TInput input)
    {
        var engine = _engines.Get();
        try
        {
            return engine.Predict(input);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : IPooledObjectPolicy<PredictionEngine<TInput, TOutput>>
    {
        public PredictionEngine<TInput, TOutput> Create() => ml.Model.CreatePredictionEngine<TInput, TOutput>(model);

        public bool Return(PredictionEngine<TInput, TOutput> engine) => true;
    }
}
