using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Configuration;

namespace Mle.Pipelines;

/// <summary>
/// The pipelines of one tenant that read one source namespace (key <c>{tenant}/{namespace}</c>), written by their
/// pipeline grains at lifecycle changes. Each change is saved, then pushed to every active silo's
/// <see cref="PipelineSources"/> and waited for (bounded by <see cref="PipelinesOptions.SourceUpdateTimeout"/> per
/// silo), so a deploy that returned is seen by every silo's source consumers; a retried command pushes again.
/// </summary>
public sealed partial class PipelineSourceReadersGrain(
    [PersistentState("sourceReaders", StorageNames.Registry)] IPersistentState<PipelineSourceReadersState> state,
    IClusterMembershipService membership,
    IOptions<PipelinesOptions> options,
    ILogger<PipelineSourceReadersGrain> logger)
    : Grain, IPipelineSourceReadersGrain
{
    public Task<SourceReaders> Readers() => Task.FromResult(Current());

    public async Task Attach(PipelineReader reader)
    {
        if (!state.State.Readers.TryGetValue(reader.Pipeline, out var held) || held != reader)
        {
            state.State.Readers[reader.Pipeline] = reader;
            await Save();
        }
        await Push();
    }

    public async Task Detach(string pipeline)
    {
        if (state.State.Readers.Remove(pipeline))
        {
            await Save();
        }
        await Push();
    }

    private SourceReaders Current() =>
        new(state.State.Revision, [.. state.State.Readers.Values.OrderBy(r => r.Pipeline, StringComparer.Ordinal)]);

    private async Task Save()
    {
        state.State.Revision++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task Push()
    {
        var (tenant, streamNamespace) = Split(this.GetPrimaryKeyString());
        var readers = Current();
        var timeout = options.Value.SourceUpdateTimeout;
        await Task.WhenAll(membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(async member =>
            {
                try
                {
                    await GrainFactory.GetGrain<ISiloPipelineSourcesGrain>(member.SiloAddress.ToParsableString())
                        .Apply(tenant, streamNamespace, readers).WaitAsync(timeout);
                }
                catch (Exception error)
                {
                    LogMissed(logger, member.SiloAddress, this.GetPrimaryKeyString(), readers.Revision, error.Message);
                }
            }));
    }

    private static (string Tenant, string Namespace) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not take revision {Revision} of the readers of source {Source} ({Reason}); it catches up on its next refresh.")]
    private static partial void LogMissed(ILogger logger, SiloAddress silo, string source, long revision, string reason);
}
