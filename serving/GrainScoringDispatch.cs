using Mle.Data;
using Mle.Naming;
using Mle.Registry;
using Mle.Scoring;

namespace Mle.Serving;

/// <summary>
/// Scoring through the version's <see cref="IScoringWorker"/> grain (a local stateless-worker activation in a silo,
/// a gateway call from an SDK client), through a silo's own grain factory or a client's cluster client.
/// </summary>
public sealed class GrainScoringDispatch(IGrainFactory grains) : IScoringDispatch
{
    /// <inheritdoc />
    public Task<ColumnBatch> Score(ModelVersionInfo version, ColumnBatch rows) =>
        grains.GetGrain<IScoringWorker>(new ModelVersionRef(version.Tenant, version.Model, version.Version).Key).Score(rows);
}
