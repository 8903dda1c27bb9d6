using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mle.Artifacts;

/// <summary>
/// Sweeps the file-system store's abandoned temporary files while the silo runs, not only when it starts: on a
/// root shared by several silos, one silo's crash leaves files the others must clean. Each sweep only removes
/// files no live writer holds locked (see <see cref="FileSystemArtifactStore.SweepAbandonedWrites"/>).
/// Runs every <see cref="FileSystemArtifactStoreOptions.AbandonedWriteAge"/>.
/// </summary>
public sealed class AbandonedUploadSweep(FileSystemArtifactStore files, IOptions<FileSystemArtifactStoreOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AbandonedWriteAge, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                files.SweepAbandonedWrites();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }
}
