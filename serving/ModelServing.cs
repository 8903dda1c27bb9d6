using Mle.Data;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// <see cref="IModelServing"/> over a <see cref="IModelCatalog"/> and a <see cref="IScoringDispatch"/>. Orleans calls
/// take no <see cref="CancellationToken"/>: cancelling stops the wait, not the call already sent.
/// </summary>
public sealed class ModelServing(IModelCatalog catalog, IScoringDispatch dispatch) : IModelServing
{
    /// <summary>Serving through the scoring-worker grains of a grain factory (a silo's own, or an SDK client's cluster client).</summary>
    public ModelServing(IModelCatalog catalog, IGrainFactory grains)
        : this(catalog, new GrainScoringDispatch(grains))
    {
    }

    /// <inheritdoc />
    public ValueTask<ModelVersionInfo> Resolve(ModelRef model, VersionSelector selector, CancellationToken cancellationToken = default) =>
        catalog.Resolve(model, selector, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ServingSnapshot> Snapshot(ModelRef model, CancellationToken cancellationToken = default) =>
        catalog.Snapshot(model, cancellationToken);

    /// <inheritdoc />
    public Task Refresh(ModelRef model, CancellationToken cancellationToken = default) =>
        catalog.Refresh(model, cancellationToken);

    /// <inheritdoc />
    public Task<ColumnBatch> Score(ModelVersionInfo version, ColumnBatch rows, CancellationToken cancellationToken = default)
    {
        var call = dispatch.Score(version, rows);
        return cancellationToken.CanBeCanceled && !call.IsCompleted ? call.WaitAsync(cancellationToken) : call;
    }
}
