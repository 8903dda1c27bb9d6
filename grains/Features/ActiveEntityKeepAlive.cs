using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mle.Features;

/// <summary>
/// Keeps the entities its silo reads or writes in place active, as calls would: every half
/// <see cref="FeaturesOptions.IdleDeactivation"/> it sends each entity touched since the last round
/// (<see cref="ActiveEntity.TakeTouched"/>) a one-way <see cref="IFeatureEntityGrain.Touch"/>, which resets the
/// runtime's idle clock of the activation. So a hot entity served only in place stays in memory, and one neither
/// called nor touched for the idle timeout deactivates like any idle grain. It costs one message per touched entity
/// per half idle timeout, however many reads it had, and nothing for entities nobody reads.
/// </summary>
public sealed partial class ActiveEntityKeepAlive(
    ActiveEntities active, IGrainFactory grains, IOptions<FeaturesOptions> options, ILogger<ActiveEntityKeepAlive> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.IdleDeactivation / 2);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Round();
                }
                catch (Exception error)
                {
                    // The silo may still be starting or already stopping; the next round tries again.
                    LogRoundFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Touches the grain of every entity touched in place since the last round; returns how many.</summary>
    public int Round()
    {
        var touched = 0;
        foreach (var (set, entity) in active.All())
        {
            if (entity.TakeTouched())
            {
                grains.GetGrain<IFeatureEntityGrain>(set.EntityKey(entity.Id)).Touch().Ignore();
                touched++;
            }
        }
        return touched;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round keeping entities read in place active failed; the next one tries again.")]
    private static partial void LogRoundFailed(ILogger logger, Exception error);
}
