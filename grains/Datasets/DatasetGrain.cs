using Mle.Artifacts;
using Mle.Configuration;
using Mle.Errors;
using Mle.Registry;

namespace Mle.Datasets;

/// <summary>
/// One dataset's record: created once, then read. The content lives in the artifact store under its digest; the
/// record is the only way to it, so a name of another tenant leads nowhere.
/// </summary>
public sealed class DatasetGrain(
    [PersistentState("dataset", StorageNames.Registry)] IPersistentState<DatasetState> state,
    IArtifactStore store)
    : Grain, IDatasetGrain
{
    /// <summary>The largest chunk <see cref="ReadContent"/> returns, whatever is asked (4 MiB: well under a grain message's limit).</summary>
    public const int MaxChunkBytes = 4 * 1024 * 1024;

    public async Task<DatasetInfo> Create(DatasetInfo dataset)
    {
        if (state.State.Dataset is not null)
        {
            throw MleErrors.DatasetAlreadyExists(dataset.Name);
        }
        state.State.Dataset = dataset;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Dataset = null;
            DeactivateOnIdle();
            throw;
        }
        await GrainFactory.GetGrain<IDatasetDirectoryGrain>(dataset.Tenant).Add(dataset);
        return dataset;
    }

    public Task<DatasetInfo> Get() => Task.FromResult(Existing());

    public Task<DatasetInfo?> Find() => Task.FromResult(state.State.Dataset);

    public async Task<byte[]> ReadContent(long offset, int count)
    {
        var dataset = Existing();
        if (offset < 0 || count < 0)
        {
            throw MleErrors.InvalidRequest("The offset and count of a dataset read cannot be negative.", "offset");
        }
        var length = (int)Math.Clamp(dataset.SizeBytes - offset, 0, Math.Min(count, MaxChunkBytes));
        if (length == 0)
        {
            return [];
        }
        await using var content = await store.Open(new ArtifactRef(dataset.Sha256, dataset.SizeBytes));
        var bytes = new byte[length];
        if (content.CanSeek)
        {
            content.Seek(offset, SeekOrigin.Begin);
        }
        else
        {
            await Skip(content, offset);
        }
        await content.ReadExactlyAsync(bytes);
        return bytes;
    }

    private DatasetInfo Existing() =>
        state.State.Dataset ?? throw MleErrors.DatasetNotFound(this.GetPrimaryKeyString().Split('/', 2) is [_, var name] ? name : this.GetPrimaryKeyString());

    private static async Task Skip(Stream content, long offset)
    {
        var buffer = new byte[81920];
        while (offset > 0)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, offset)));
            if (read == 0)
            {
                throw new EndOfStreamException("The dataset's artifact is shorter than its record says.");
            }
            offset -= read;
        }
    }
}
