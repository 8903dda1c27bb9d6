using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Security;
using Mle.Silo.Limits;
using Mle.Tests.Unit.Serving;

namespace Mle.Tests.Unit.Limits;

public sealed class KeyRequestLimitsTests
{
    private static readonly Caller Alice = new("default", Role.Scorer, "alice");
    private static readonly Caller Bob = new("default", Role.Scorer, "bob");

    private static KeyRequestLimits Limits(int concurrent, int perSecond = 0, TimeProvider? clock = null) =>
        new(Options.Create(new LimitsOptions { MaxConcurrentRequestsPerKey = concurrent, MaxRequestsPerSecondPerKey = perSecond }), clock ?? new ManualClock());

    [Fact]
    public void A_request_over_the_concurrent_limit_is_refused_naming_the_limit_and_another_key_is_unaffected()
    {
        using var limits = Limits(concurrent: 2);
        using var first = limits.Enter(Alice).Lease;
        using var second = limits.Enter(Alice).Lease;
        Assert.Equal(2, limits.InProgress(Alice));

        var refused = limits.Enter(Alice).Refusal;
        Assert.NotNull(refused);
        Assert.Equal(ErrorCodes.TooManyRequests, refused.Code);
        Assert.Equal(new ExceededLimit("Mle:Limits:MaxConcurrentRequestsPerKey", 2), refused.Limit);
        Assert.Null(refused.RetryAfter);

        using var other = limits.Enter(Bob).Lease;
        Assert.NotNull(other);
    }

    [Fact]
    public void A_finished_request_makes_room_for_the_next()
    {
        using var limits = Limits(concurrent: 1);
        limits.Enter(Alice).Lease!.Dispose();
        Assert.Equal(0, limits.InProgress(Alice));
        using var next = limits.Enter(Alice).Lease;
        Assert.NotNull(next);
    }

    [Fact]
    public void A_request_over_the_rate_is_refused_with_a_retry_after_and_the_same_tenants_other_subject_is_not()
    {
        var clock = new ManualClock();
        using var limits = Limits(concurrent: 100, perSecond: 2, clock);
        limits.Enter(Alice).Lease!.Dispose();
        limits.Enter(Alice).Lease!.Dispose();

        var refused = limits.Enter(Alice).Refusal;
        Assert.NotNull(refused);
        Assert.Equal(new ExceededLimit("Mle:Limits:MaxRequestsPerSecondPerKey", 2), refused.Limit);
        Assert.Equal(TimeSpan.FromSeconds(0.5), refused.RetryAfter);
        // A refused request holds nothing.
        Assert.Equal(0, limits.InProgress(Alice));

        Assert.NotNull(limits.Enter(Bob).Lease);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.NotNull(limits.Enter(Alice).Lease);
    }

    [Fact]
    public void The_same_subject_in_two_tenants_is_two_callers()
    {
        using var limits = Limits(concurrent: 1);
        using var held = limits.Enter(Alice).Lease;
        Assert.NotNull(limits.Enter(Alice with { Tenant = "acme" }).Lease);
    }

    [Theory]
    [InlineData(0, 0, "Mle:Limits:MaxConcurrentRequestsPerKey")]
    [InlineData(8, -1, "Mle:Limits:MaxRequestsPerSecondPerKey")]
    public void Key_limits_out_of_range_are_named(int concurrent, int perSecond, string setting)
    {
        var options = new LimitsOptions { MaxConcurrentRequestsPerKey = concurrent, MaxRequestsPerSecondPerKey = perSecond };
        Assert.Contains(setting, new LimitsOptionsValidator().Validate(null, options).FailureMessage);
        Assert.True(new LimitsOptionsValidator().Validate(null, new LimitsOptions()).Succeeded);
    }
}
