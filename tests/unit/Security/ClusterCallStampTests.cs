using Microsoft.Extensions.Options;
using Mle.Registry;
using Mle.Silo.Security;

namespace Mle.Tests.Unit.Security;

public sealed class ClusterCallStampTests
{
    private static ClusterCallStamp Stamp(string? secret) => new(Options.Create(new SecurityOptions { ClusterSecret = secret }));

    [Fact]
    public void Silos_with_the_same_secret_accept_each_others_stamp_and_no_other()
    {
        var secret = new string('s', 40);
        var silo = Stamp(secret);

        Assert.True(Stamp(secret).Matches(silo.Value));
        Assert.False(Stamp(new string('t', 40)).Matches(silo.Value));
        Assert.False(silo.Matches(null));
        Assert.False(silo.Matches(Convert.ToBase64String(silo.Value)));
        Assert.False(silo.Matches(silo.Value[..16]));
        // The raw secret is not the stamp: a stamp seen on the wire does not give the secret away, nor the other way round.
        Assert.False(silo.Matches(System.Text.Encoding.UTF8.GetBytes(secret)));
    }

    [Fact]
    public void Without_a_secret_each_process_makes_up_its_own()
    {
        Assert.False(Stamp(null).Matches(Stamp(null).Value));
    }

    [Fact]
    public void Our_interfaces_and_the_orleans_ones_that_act_as_the_cluster_are_guarded_the_rest_are_not()
    {
        var stamp = Stamp(null);

        Assert.True(stamp.Guards(typeof(IModelGrain)));
        Assert.True(stamp.Guards(typeof(IManagementGrain)));
        Assert.True(stamp.Guards(typeof(Orleans.Providers.IMemoryStreamQueueGrain)));
        Assert.False(stamp.Guards(typeof(IRemindable)));
        Assert.False(stamp.Guards(null));
    }
}
