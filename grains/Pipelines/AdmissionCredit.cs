namespace Mle.Pipelines;

/// <summary>
/// One silo's room to admit the pushes of one pipeline, lent by the pipeline (<see cref="AdmissionLease"/>): a push
/// takes from it without a call to the pipeline's grain while the lease holds enough and is younger than its lifetime.
/// The lease dies with a lifecycle change (<see cref="Revoke"/>, before the change returns) or of age
/// (<see cref="Expire"/>), which bounds how long a silo that missed a revocation admits with a stale state; either way
/// the room not used goes back to the pipeline. Times are timestamps of one clock (<see cref="TimeProvider.GetTimestamp"/>).
/// </summary>
public sealed class AdmissionCredit
{
    private readonly Lock _lock = new();
    private AdmissionLease? _lease;
    private int _available;
    private long _lentAt;
    private long _revokedBefore;

    /// <summary>Room for <paramref name="events"/> from the lease held, with the admission it was lent under; null when it has not that much or is too old.</summary>
    public Admission? TryTake(int events, long now, long lifetime)
    {
        lock (_lock)
        {
            if (_lease is not { } lease || now - _lentAt >= lifetime || _available < events)
            {
                return null;
            }
            _available -= events;
            return lease.Admission;
        }
    }

    /// <summary>Drops the lease held, before asking for another: its room not used goes back with that request.</summary>
    public LeaseReturn Surrender()
    {
        lock (_lock)
        {
            return Drop();
        }
    }

    /// <summary>
    /// Holds <paramref name="lease"/>, of which <paramref name="taken"/> events were admitted already (the push that
    /// asked for it), and answers the room to give back: what a lease held before it had left when this one replaces
    /// it, or this one's rest when it was lent before a revocation (its push still goes, as one admitted just before).
    /// </summary>
    public LeaseReturn Hold(AdmissionLease lease, int taken, long now)
    {
        var rest = Math.Max(0, lease.Events - taken);
        lock (_lock)
        {
            if (lease.Epoch < _revokedBefore || _lease is { } newer && newer.Epoch > lease.Epoch)
            {
                return new LeaseReturn(lease.Lender, rest);
            }
            if (_lease is { } held && held.Lender == lease.Lender && held.Epoch == lease.Epoch)
            {
                _available += rest;
                _lentAt = now;
                return default;
            }
            var replaced = Drop();
            (_lease, _available, _lentAt) = (lease, rest, now);
            return replaced;
        }
    }

    /// <summary>Drops the lease and refuses any lent before <paramref name="epoch"/> that arrives later; answers the room not used.</summary>
    public LeaseReturn Revoke(long epoch)
    {
        lock (_lock)
        {
            _revokedBefore = Math.Max(_revokedBefore, epoch);
            return Drop();
        }
    }

    /// <summary>Drops the lease if it is <paramref name="lifetime"/> old; answers the room not used.</summary>
    public LeaseReturn Expire(long now, long lifetime)
    {
        lock (_lock)
        {
            return _lease is not null && now - _lentAt >= lifetime ? Drop() : default;
        }
    }

    private LeaseReturn Drop()
    {
        var returned = _lease is { } lease ? new LeaseReturn(lease.Lender, _available) : default;
        (_lease, _available) = (null, 0);
        return returned;
    }
}
