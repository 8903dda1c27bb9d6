using Mle.Data;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// The one serving seam: resolve what a request names to a servable version, then dispatch its rows to that
/// version's scoring worker. The REST gateway, the Open Inference Protocol and the SDK all serve through it,
/// so version choice (<see cref="VersionChoice"/>) and dispatch are written once.
/// </summary>
/// <remarks>
/// Resolving and scoring are separate steps because a gateway needs the version's schema to read the request body
/// between them; <see cref="ModelServingExtensions.Score"/> does both for callers that already hold columns.
/// </remarks>
public interface IModelServing
{
    /// <summary>
    /// The servable version that <paramref name="selector"/> names (a number, an alias, or
    /// <see cref="VersionSelector.Default"/>), from the local catalog: no call to the model's grain when cached.
    /// </summary>
    ValueTask<ModelVersionInfo> Resolve(ModelRef model, VersionSelector selector, CancellationToken cancellationToken = default);

    /// <summary>The model's routing facts, from the local catalog (aliases, version statuses, archived versions).</summary>
    ValueTask<ServingSnapshot> Snapshot(ModelRef model, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the model's routing facts now, so that this caller's next request sees a change it just made; other
    /// requests are never made to wait for it.
    /// </summary>
    Task Refresh(ModelRef model, CancellationToken cancellationToken = default);

    /// <summary>
    /// Scores <paramref name="rows"/> with a resolved version, in one call to its scoring worker or inline in a silo
    /// (<see cref="IScoringDispatch"/>); returns every output column.
    /// </summary>
    Task<ColumnBatch> Score(ModelVersionInfo version, ColumnBatch rows, CancellationToken cancellationToken = default);
}
