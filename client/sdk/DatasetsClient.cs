using Mle.Datasets;
using Mle.Naming;
using Mle.Paging;

namespace Mle.Client;

/// <summary>
/// <see cref="IDatasetsClient"/> over an <see cref="IGrainFactory"/>: builds go to the training-set worker on the silo
/// (which reads the entities and stores the result), records and content to the dataset's grain. The silo checks the
/// key's role and tenant on every call.
/// </summary>
/// <param name="grains">The silo's grain factory (co-hosted) or the cluster client (out of process).</param>
/// <param name="clientOptions">The tenant.</param>
public sealed class DatasetsClient(IGrainFactory grains, MleClientOptions clientOptions) : IDatasetsClient
{
    /// <inheritdoc />
    public Task<DatasetInfo> BuildTrainingSetAsync(string name, TrainingSetRequest request, CancellationToken cancellationToken = default) =>
        grains.GetGrain<ITrainingSetGrain>(0).Build(Key(name), request).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<DatasetInfo> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Dataset(name).Get().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<Page<DatasetInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IDatasetDirectoryGrain>(clientOptions.Tenant).List(page ?? new PageRequest()).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var dataset = Dataset(name);
        var info = await dataset.Get().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new DatasetContentStream(dataset, info.SizeBytes);
    }

    private string Key(string name) => $"{clientOptions.Tenant}/{Names.Require("dataset name", name)}";

    private IDatasetGrain Dataset(string name) => grains.GetGrain<IDatasetGrain>(Key(name));
}
