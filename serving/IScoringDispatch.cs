using Mle.Data;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// How the serving seam has a resolved version score its rows: through the version's scoring-worker grain
/// (<see cref="GrainScoringDispatch"/>, what an SDK client outside a silo uses), or, inside a silo, inline on
/// the caller's thread with the same code that grain runs (<c>InlineScoringDispatch</c>, see
/// <see cref="ServingOptions.InlineScoring"/>).
/// </summary>
public interface IScoringDispatch
{
    /// <summary>Scores <paramref name="rows"/> with <paramref name="version"/> (Ready, as resolved by the catalog).</summary>
    Task<ColumnBatch> Score(ModelVersionInfo version, ColumnBatch rows);
}
