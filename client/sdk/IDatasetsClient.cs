using Mle.Datasets;
using Mle.Paging;

namespace Mle.Client;

/// <summary>
/// Datasets: point-in-time training sets built from the feature mart and stored in the artifact store, listed, read
/// and downloaded. Errors are typed like the rest of the SDK: <see cref="Errors.DatasetNotFoundException"/> and
/// <see cref="Errors.FeatureSetNotFoundException"/> (<see cref="Errors.NotFoundException"/>s),
/// <see cref="Errors.DatasetAlreadyExistsException"/> (a <see cref="Errors.ConflictException"/>), and
/// <see cref="Errors.InvalidRequestException"/> for bad requests (<c>invalid_training_set</c>, <c>unknown_feature</c>,
/// <c>training_set_too_large</c>, ...), all <see cref="Errors.MleException"/> with a stable code.
/// </summary>
public interface IDatasetsClient
{
    /// <summary>
    /// Builds a point-in-time training set and stores it as the dataset <paramref name="name"/>: each row of
    /// <paramref name="request"/> (inline, or a stored dataset as <see cref="TrainingSetRequest.Source"/>) gets each
    /// feature (<c>set:feature</c>) as it was at the row's timestamp, never a value from after it, stored as CSV or,
    /// with <see cref="TrainingSetRequest.Format"/> <c>parquet</c>, as Parquet with typed columns. Returns the
    /// dataset's record once it is stored; nothing is stored when it throws. Synchronous on the silo, bounded by
    /// <c>Mle:Limits:MaxTrainingSetRows</c> and by the client's Orleans response timeout; inline rows travel in one
    /// call, so very large sets are better sent as CSV over REST (which streams) and rebuilt with it as the source.
    /// </summary>
    /// <exception cref="Errors.DatasetAlreadyExistsException">The name is taken: datasets are immutable.</exception>
    Task<DatasetInfo> BuildTrainingSetAsync(string name, TrainingSetRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets a dataset's record: rows, columns, format, digest, source feature sets and versions, the request that built it.</summary>
    Task<DatasetInfo> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the tenant's datasets by name, one page at a time.</summary>
    Task<Page<DatasetInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a dataset's content for reading: CSV (UTF-8), or Parquet for a training set built with
    /// <see cref="TrainingSetRequest.Format"/> <c>parquet</c> (see <see cref="DatasetInfo.Format"/>). The stream fetches it from the cluster a chunk at a time as
    /// it is read, so a dataset of any size is never whole in memory.
    /// </summary>
    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default);
}
