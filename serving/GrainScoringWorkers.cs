using Mle.Naming;
using Mle.Scoring;

namespace Mle.Serving;

/// <summary>Scoring workers through a grain factory (a silo's own, or an SDK client's cluster client).</summary>
public sealed class GrainScoringWorkers(IGrainFactory grains) : IScoringWorkers
{
    /// <inheritdoc />
    public IScoringWorker For(ModelVersionRef version) => grains.GetGrain<IScoringWorker>(version.Key);
}
