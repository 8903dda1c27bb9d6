using Mle.Registry;

namespace Mle.Tests.Unit.Registry;

public sealed class HeapTrimScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    [Fact]
    public void Fewer_registrations_than_a_burst_are_never_trimmed_after()
    {
        var schedule = new HeapTrimSchedule(afterRegistrations: 3, Quiet);
        schedule.Registered(Start);
        schedule.Registered(Start.AddSeconds(1));

        Assert.Null(schedule.DueIn(Start.AddHours(1)));
    }

    [Fact]
    public void A_burst_is_trimmed_after_once_it_has_been_quiet_for_the_quiet_period()
    {
        var schedule = new HeapTrimSchedule(afterRegistrations: 2, Quiet);
        schedule.Registered(Start);
        schedule.Registered(Start.AddSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(7), schedule.DueIn(Start.AddSeconds(4)));
        Assert.Equal(TimeSpan.Zero, schedule.DueIn(Start.AddSeconds(11)));
        Assert.Equal(TimeSpan.Zero, schedule.DueIn(Start.AddMinutes(5)));
    }

    [Fact]
    public void A_registration_during_the_wait_pushes_the_trim_back()
    {
        var schedule = new HeapTrimSchedule(afterRegistrations: 2, Quiet);
        schedule.Registered(Start);
        schedule.Registered(Start);
        schedule.Registered(Start.AddSeconds(8));

        Assert.Equal(TimeSpan.FromSeconds(8), schedule.DueIn(Start.AddSeconds(10)));
    }

    [Fact]
    public void After_a_trim_a_new_burst_is_counted_from_zero()
    {
        var schedule = new HeapTrimSchedule(afterRegistrations: 2, Quiet);
        schedule.Registered(Start);
        schedule.Registered(Start);
        schedule.Trimmed();
        schedule.Registered(Start.AddMinutes(1));

        Assert.Null(schedule.DueIn(Start.AddMinutes(2)));
        schedule.Registered(Start.AddMinutes(2));
        Assert.Equal(Quiet, schedule.DueIn(Start.AddMinutes(2)));
    }

    [Fact]
    public void Zero_registrations_per_burst_turns_the_trim_off()
    {
        var schedule = new HeapTrimSchedule(afterRegistrations: 0, Quiet);
        for (var i = 0; i < 100; i++)
        {
            schedule.Registered(Start);
        }

        Assert.Null(schedule.DueIn(Start.AddHours(1)));
    }

    [Fact]
    public void By_default_a_silo_trims_ten_seconds_after_a_burst_of_twenty_registrations()
    {
        var options = new HeapTrimOptions();

        Assert.Equal(20, options.HeapTrimAfterRegistrations);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HeapTrimQuietPeriod);
        Assert.True(new HeapTrimOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_negative_burst_or_a_quiet_period_that_is_not_positive_fails_naming_the_setting()
    {
        var options = new HeapTrimOptions { HeapTrimAfterRegistrations = -1, HeapTrimQuietPeriod = TimeSpan.Zero };

        var result = new HeapTrimOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Mle:Registry:HeapTrimAfterRegistrations", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mle:Registry:HeapTrimQuietPeriod", result.FailureMessage, StringComparison.Ordinal);
    }
}
