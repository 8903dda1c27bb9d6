using Mle.Data;
using Mle.Security;

namespace Mle.Scoring;

/// <summary>
/// Scores rows with one model version (key <c>{tenant}/{model}/{version}</c>). A stateless worker:
/// activations are local to the calling silo, the artifact is loaded once per silo into a shared cache,
/// and each activation keeps its own engine because an activation runs one call at a time.
/// </summary>
[Alias("Mle.Scoring.IScoringWorker")]
public interface IScoringWorker : IGrainWithStringKey
{
    /// <summary>
    /// Scores every row of <paramref name="input"/> in one call and returns all output columns.
    /// Inputs are validated against the version's schema first (<c>schema_mismatch</c> names the column).
    /// </summary>
    [Requires(Permission.Score)]
    Task<ColumnBatch> Score(ColumnBatch input);
}
