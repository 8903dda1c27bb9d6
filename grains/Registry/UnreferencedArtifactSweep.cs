using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Artifacts;

namespace Mle.Registry;

/// <summary>
/// Deletes stored artifacts that no version references, after a grace period. Such artifacts are left by a crash
/// between storing an upload and recording its version, and by a version whose record failed.
/// <para>
/// The design: the store is content-addressed and shared by every tenant and model, so it cannot tell whether
/// bytes are in use; the registry keeps one reference record per digest (<see cref="IArtifactReferencesGrain"/>).
/// A registration claims the digest before it stores the bytes, adds its version before recording it, and removes
/// it again if the record fails. Every <see cref="ArtifactCollectionOptions.UnreferencedSweepInterval"/>, each silo
/// lists the artifacts last written before now minus <see cref="ArtifactCollectionOptions.UnreferencedGracePeriod"/>,
/// and deletes one only if its record is known, names no version and was last claimed before that same cutoff.
/// </para>
/// <para>
/// Why it is safe. Bytes registered by several models or tenants are one file with one record naming all their
/// versions: it is deleted only once none is left. A registration in progress has claimed the digest and, storing
/// bytes already present, refreshed the file's time, both within the grace period, so neither the record nor the
/// file qualifies; the store checks the artifact's time again as it deletes (the file store under its publishing
/// lock, the blob store on the ETag it checked), so a claim that lands between the check of the record and the
/// deletion wins. An artifact stored before references were
/// kept has no record and is never deleted. Several silos may sweep the same root: the checks are idempotent.
/// Stores that cannot list their artifacts (no <see cref="IArtifactInventory"/>) are left alone.
/// </para>
/// </summary>
public sealed partial class UnreferencedArtifactSweep(
    IArtifactStore store,
    IGrainFactory grains,
    IOptions<ArtifactCollectionOptions> options,
    TimeProvider time,
    ILogger<UnreferencedArtifactSweep> logger)
    : BackgroundService
{
    /// <summary>Deletes every artifact unreferenced for at least <paramref name="gracePeriod"/>; returns how many.</summary>
    public async Task<int> Collect(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (store is not IArtifactInventory inventory)
        {
            return 0;
        }
        var cutoff = time.GetUtcNow() - gracePeriod;
        var removed = 0;
        var candidates = await inventory.ArtifactsWrittenBefore(cutoff, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sha256 in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var references = grains.GetGrain<IArtifactReferencesGrain>(sha256);
            if (!await references.IsCollectable(cutoff).ConfigureAwait(false)
                || !await inventory.DeleteIfWrittenBefore(sha256, cutoff, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            removed++;
            LogCollected(logger, sha256);
            // After the file, so a crash in between leaves an empty record (harmless), never a file with no record.
            await references.Forget(cutoff).ConfigureAwait(false);
        }
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UnreferencedSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await Collect(options.Value.UnreferencedGracePeriod, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // The next tick tries again; nothing was deleted that should not have been.
                    LogSweepFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Artifact sha256:{Sha256} was referenced by no version for the grace period; it was deleted.")]
    private static partial void LogCollected(ILogger logger, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of unreferenced artifacts failed; it runs again at its next interval.")]
    private static partial void LogSweepFailed(ILogger logger, Exception error);
}
