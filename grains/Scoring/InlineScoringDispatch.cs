using Mle.Data;
using Mle.Registry;
using Mle.Serving;

namespace Mle.Scoring;

/// <summary>
/// Scoring inside a silo without a grain call: the <see cref="VersionScorer"/> that the <see cref="ScoringWorker"/>
/// grain runs, called on the request's own thread. Chosen by <see cref="ServingOptions.InlineScoring"/>, which
/// explains the trade-off.
/// </summary>
public sealed class InlineScoringDispatch(VersionScorer scorer) : IScoringDispatch
{
    /// <inheritdoc />
    public Task<ColumnBatch> Score(ModelVersionInfo version, ColumnBatch rows) => scorer.Score(version, rows);
}
