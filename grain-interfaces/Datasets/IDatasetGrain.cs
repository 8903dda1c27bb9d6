using Mle.Security;

namespace Mle.Datasets;

/// <summary>
/// One stored dataset's record (key <c>{tenant}/{name}</c>). Datasets are immutable: created once, never changed; a
/// name of another tenant is simply not found.
/// </summary>
public interface IDatasetGrain : IGrainWithStringKey
{
    /// <summary>Records the dataset. Throws <c>dataset_already_exists</c> when the name is taken. Internal: the silo's training-set path calls it.</summary>
    Task<DatasetInfo> Create(DatasetInfo dataset);

    /// <summary>The record. Throws <c>dataset_not_found</c>.</summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<DatasetInfo> Get();

    /// <summary>The record, or null when there is none.</summary>
    [AlwaysInterleave]
    Task<DatasetInfo?> Find();

    /// <summary>
    /// Up to <paramref name="count"/> bytes of the content from <paramref name="offset"/> (fewer only at the end; none
    /// past it): how the SDK streams a download through a gateway. Throws <c>dataset_not_found</c>.
    /// </summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<byte[]> ReadContent(long offset, int count);
}
