using Mle.Data;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// <see cref="IModelServing"/> over a <see cref="IModelCatalog"/> and the scoring workers. Orleans calls take no
/// <see cref="CancellationToken"/>: cancelling stops the wait, not the call already sent.
/// </summary>
public sealed class ModelServing(IModelCatalog catalog, IScoringWorkers workers) : IModelServing
{
    /// <summary>Serving through a grain factory (a silo's own, or an SDK client's cluster client).</summary>
    public ModelServing(IModelCatalog catalog, IGrainFactory grains)
        : this(catalog, new GrainScoringWorkers(grains))
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
        var call = workers.For(new ModelVersionRef(version.Tenant, version.Model, version.Version)).Score(rows);
        return cancellationToken.CanBeCanceled ? call.WaitAsync(cancellationToken) : call;
    }
}
