using Mle.Data;

namespace Mle.Scoring;

/// <summary>
/// Scores validated rows with one loaded model. Not thread-safe: each scoring activation owns one,
/// reusing its buffers from call to call because an activation runs one call at a time.
/// </summary>
public interface IScoringEngine : IDisposable
{
    /// <summary>Scores <paramref name="input"/>, whose columns already match the model's input schema exactly.</summary>
    ColumnBatch Score(ColumnBatch input);
}
