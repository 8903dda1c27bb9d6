using Mle.Data;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;

namespace Mle.Bench.InProcess;

/// <summary>One registered version of the in-process platform, scored the two ways a silo can.</summary>
/// <param name="Serving">The silo's serving seam, dispatching as the silo is configured (inline by default).</param>
/// <param name="Version">The version, resolved once, as a gateway request resolves it before reading its body.</param>
/// <param name="Worker">The version's scoring-worker grain, what an SDK client outside the silo calls.</param>
public sealed record PlatformScorer(IModelServing Serving, ModelVersionInfo Version, IScoringWorker Worker)
{
    public Task<ColumnBatch> Score(ColumnBatch rows) => Serving.Score(Version, rows);

    public Task<ColumnBatch> ScoreThroughGrain(ColumnBatch rows) => Worker.Score(rows);
}
