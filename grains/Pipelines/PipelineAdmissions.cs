using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mle.Pipelines;

/// <summary>
/// Admits this silo's pushes against each pipeline's in-flight bound from room the pipeline lends the silo in chunks
/// (<see cref="PipelinesOptions.AdmissionLeaseEvents"/>), so most pushes make no call to the pipeline's single grain.
/// The bound stays exact for what is pushed through one silo and is conservative across silos: room lent and not yet
/// used counts as in flight, and goes back when its lease ends (<see cref="PipelinesOptions.AdmissionLeaseTime"/>) or
/// a lifecycle change takes it back (<see cref="ISiloPipelineAdmissionsGrain"/>).
/// </summary>
public sealed partial class PipelineAdmissions : IDisposable
{
    private readonly ConcurrentDictionary<string, AdmissionCredit> _credits = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly IOptions<PipelinesOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PipelineAdmissions> _logger;
    private readonly string _silo;
    private readonly long _lifetime;
    private readonly ITimer _expiry;

    public PipelineAdmissions(IGrainFactory grains, IOptions<PipelinesOptions> options, ILocalSiloDetails silo, TimeProvider time, ILogger<PipelineAdmissions> logger)
    {
        (_grains, _options, _time, _logger) = (grains, options, time, logger);
        _silo = silo.SiloAddress.ToParsableString();
        var lifetime = options.Value.AdmissionLeaseTime;
        _lifetime = (long)(lifetime.TotalSeconds * time.TimestampFrequency);
        // Room idle on this silo goes back within two lifetimes, so the pipeline's in-flight count settles at zero.
        _expiry = time.CreateTimer(_ => GiveBackExpired(), null, lifetime, lifetime);
    }

    /// <summary>
    /// Admits <paramref name="events"/> events of <paramref name="pipeline"/> (<c>{tenant}/{name}</c>): from the lease
    /// this silo holds, or else from a new one. Throws what the pipeline refuses with (409, 429 naming the bound).
    /// </summary>
    public async Task<Admission> Admit(string pipeline, int events)
    {
        var credit = _credits.GetOrAdd(pipeline, static _ => new AdmissionCredit());
        if (credit.TryTake(events, _time.GetTimestamp(), _lifetime) is { } admission)
        {
            return admission;
        }
        var lease = await _grains.GetGrain<IPipelineGrain>(pipeline).Lease(_silo, events, _options.Value.AdmissionLeaseEvents, credit.Surrender());
        GiveBack(pipeline, credit.Hold(lease, events, _time.GetTimestamp()));
        return lease.Admission;
    }

    /// <summary>Drops this silo's lease of <paramref name="pipeline"/> (a lifecycle change): the room it had not used.</summary>
    public LeaseReturn Revoke(string pipeline, long epoch) =>
        _credits.GetOrAdd(pipeline, static _ => new AdmissionCredit()).Revoke(epoch);

    private void GiveBackExpired()
    {
        var now = _time.GetTimestamp();
        foreach (var (pipeline, credit) in _credits)
        {
            GiveBack(pipeline, credit.Expire(now, _lifetime));
        }
    }

    private void GiveBack(string pipeline, LeaseReturn returned)
    {
        if (returned.Events <= 0)
        {
            return;
        }
        try
        {
            // One-way: the pipeline's count is conservative until it arrives, never short.
            _ = _grains.GetGrain<IPipelineGrain>(pipeline).GiveBack(returned);
        }
        catch (Exception error)
        {
            LogGiveBackFailed(_logger, returned.Events, pipeline, error);
        }
    }

    public void Dispose() => _expiry.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Events} unused events of admission room could not be given back to pipeline {Pipeline}; its in-flight count stays that much higher until it moves.")]
    private static partial void LogGiveBackFailed(ILogger logger, int events, string pipeline, Exception error);
}
