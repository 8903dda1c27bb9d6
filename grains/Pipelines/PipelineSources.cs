using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Mle.Pipelines;

/// <summary>
/// This silo's copy of which pipelines read which source namespace, so a source batch finds its pipelines without a
/// grain call. Each change is pushed here (<see cref="Apply"/>) before the lifecycle command that made it returns; a
/// namespace this silo has not seen yet is read on first use, and one held longer than
/// <see cref="PipelinesOptions.SourceRefreshInterval"/> is read again (the bound when a push was lost).
/// </summary>
public sealed class PipelineSources(IGrainFactory grains, IOptions<PipelinesOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Tenant, string Namespace), Known> _known = new();

    private sealed record Known(SourceReaders Readers, long ReadAt);

    public async ValueTask<SourceReaders> Readers(string tenant, string streamNamespace)
    {
        if (_known.TryGetValue((tenant, streamNamespace), out var known) && time.GetElapsedTime(known.ReadAt) < options.Value.SourceRefreshInterval)
        {
            return known.Readers;
        }
        var readAt = time.GetTimestamp();
        var readers = await grains.GetGrain<IPipelineSourceReadersGrain>(Key(tenant, streamNamespace)).Readers();
        return Install(tenant, streamNamespace, readers, readAt);
    }

    /// <summary>Installs a pushed list unless this silo holds a newer one.</summary>
    public void Apply(string tenant, string streamNamespace, SourceReaders readers) => Install(tenant, streamNamespace, readers, time.GetTimestamp());

    public static string Key(string tenant, string streamNamespace) => $"{tenant}/{streamNamespace}";

    private SourceReaders Install(string tenant, string streamNamespace, SourceReaders readers, long readAt)
    {
        var installed = _known.AddOrUpdate((tenant, streamNamespace), new Known(readers, readAt),
            (_, held) => held.Readers.Revision > readers.Revision ? held with { ReadAt = Math.Max(held.ReadAt, readAt) } : new Known(readers, readAt));
        return installed.Readers;
    }
}
