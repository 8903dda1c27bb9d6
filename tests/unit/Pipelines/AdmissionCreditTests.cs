using Mle.Pipelines;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>How one silo admits a pipeline's pushes from room the pipeline lent it.</summary>
public sealed class AdmissionCreditTests
{
    private const long Lifetime = 1000;
    private static readonly Admission Running = new(8, PipelineState.Running, ByEntity: false);
    private static readonly Admission Paused = new(8, PipelineState.Paused, ByEntity: false);

    private static AdmissionLease Lease(int events, long epoch = 3, long lender = 7, Admission? admission = null) =>
        new(admission ?? Running, events, epoch, lender);

    [Fact]
    public void Pushes_take_from_the_lease_until_it_has_too_little_left_and_nothing_is_taken_without_one()
    {
        var credit = new AdmissionCredit();
        Assert.Null(credit.TryTake(1, now: 0, Lifetime));

        Assert.Equal(default, credit.Hold(Lease(100), taken: 10, now: 0));

        Assert.Equal(Running, credit.TryTake(60, now: 1, Lifetime));
        Assert.Equal(Running, credit.TryTake(30, now: 2, Lifetime));
        Assert.Null(credit.TryTake(1, now: 3, Lifetime));
    }

    [Fact]
    public void An_old_lease_admits_nothing_more_and_its_unused_room_goes_back_to_its_lender()
    {
        var credit = new AdmissionCredit();
        credit.Hold(Lease(100), taken: 10, now: 0);

        Assert.Null(credit.TryTake(1, now: Lifetime, Lifetime));
        Assert.Equal(default, credit.Expire(now: Lifetime - 1, Lifetime));
        Assert.Equal(new LeaseReturn(7, 90), credit.Expire(now: Lifetime, Lifetime));
        Assert.Equal(default, credit.Expire(now: 2 * Lifetime, Lifetime));
    }

    [Fact]
    public void Asking_for_a_new_lease_hands_back_what_the_old_one_had_left()
    {
        var credit = new AdmissionCredit();
        credit.Hold(Lease(100), taken: 10, now: 0);
        credit.TryTake(85, now: 1, Lifetime);

        Assert.Equal(new LeaseReturn(7, 5), credit.Surrender());
        Assert.Null(credit.TryTake(1, now: 2, Lifetime));
        Assert.Equal(default, credit.Surrender());
    }

    [Fact]
    public void A_revoked_lease_admits_nothing_and_one_lent_before_the_revocation_is_given_back_when_it_arrives()
    {
        var credit = new AdmissionCredit();
        credit.Hold(Lease(100, epoch: 3), taken: 10, now: 0);

        Assert.Equal(new LeaseReturn(7, 90), credit.Revoke(epoch: 4));
        Assert.Null(credit.TryTake(1, now: 1, Lifetime));

        // Lent under epoch 3, answered after the revocation of epoch 4 arrived: its push goes, the rest goes back.
        Assert.Equal(new LeaseReturn(7, 40), credit.Hold(Lease(50, epoch: 3), taken: 10, now: 2));
        Assert.Null(credit.TryTake(1, now: 3, Lifetime));

        Assert.Equal(default, credit.Hold(Lease(50, epoch: 4, admission: Paused), taken: 10, now: 4));
        Assert.Equal(Paused, credit.TryTake(40, now: 5, Lifetime));
    }

    [Fact]
    public void Leases_of_one_lender_and_epoch_add_up_and_a_newer_one_replaces_an_older_one()
    {
        var credit = new AdmissionCredit();
        credit.Hold(Lease(20), taken: 10, now: 0);
        Assert.Equal(default, credit.Hold(Lease(20), taken: 10, now: 1));
        Assert.Equal(Running, credit.TryTake(20, now: 2, Lifetime));

        credit.Hold(Lease(20), taken: 0, now: 3);
        // Another activation lent the next one (the pipeline moved): the old room goes back to the old lender.
        Assert.Equal(new LeaseReturn(7, 20), credit.Hold(Lease(30, lender: 8, epoch: 5, admission: Paused), taken: 10, now: 4));
        // An older epoch arriving late does not replace the newer lease.
        Assert.Equal(new LeaseReturn(7, 5), credit.Hold(Lease(5, epoch: 3), taken: 0, now: 5));
        Assert.Equal(Paused, credit.TryTake(20, now: 6, Lifetime));
    }
}
