using Mle.Data;
using Mle.Naming;
using Mle.Registry;
using Mle.Serving;

namespace Mle.Scoring;

/// <summary>
/// Scores one model version in the calling silo with <see cref="VersionScorer"/>. The model and its engines come
/// from the silo's shared cache and are held only for the call: an idle activation keeps nothing loaded.
/// </summary>
/// <remarks>
/// Requests that reach a silo are scored inline with the same <see cref="VersionScorer"/> by default
/// (<see cref="ServingOptions.InlineScoring"/>); this grain serves SDK clients outside the silo, and every request
/// when inline scoring is off.
/// </remarks>
[StatelessWorker]
public sealed class ScoringWorker(IModelCatalog catalog, VersionScorer scorer) : Grain, IScoringWorker
{
    private ModelVersionRef _version;
    private ModelVersionInfo? _info;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _version = ModelVersionRef.ParseKey(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<ColumnBatch> Score(ColumnBatch input)
    {
        // A Ready version never changes and this worker serves exactly one, so it is resolved once per activation.
        var info = _info ??= await catalog.Resolve(_version.ModelRef, VersionSelector.ForVersion(_version.Version));
        return await scorer.Score(info, input);
    }
}
