using Microsoft.Extensions.Hosting;

namespace Mle.Artifacts;

/// <summary>
/// Sweeps the store's abandoned temporary files while the silo runs, not only when it starts: on a file-system root
/// shared by several silos, one silo's crash leaves files the others must clean; a blob store's staging folder
/// keeps a killed upload's file until someone deletes it. Each sweep only removes files no live writer holds locked
/// (see <see cref="IAbandonedUploads.SweepAbandonedWrites"/>). Runs every <see cref="IAbandonedUploads.AbandonedAfter"/>.
/// </summary>
public sealed class AbandonedUploadSweep(IAbandonedUploads files, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(files.AbandonedAfter, time);
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
