using System.Globalization;
using Mle.Silo.Hosting;

namespace Mle.Tests.Unit.Hosting;

public sealed class TelemetryOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(TelemetryOptions options)
    {
        var result = new TelemetryOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void The_default_dashboard_sample_interval_is_valid()
    {
        Assert.Empty(Failures(new TelemetryOptions()));
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("00:01:01")]
    public void A_dashboard_sample_interval_outside_one_second_to_one_minute_is_refused_by_name(string interval)
    {
        var failure = Assert.Single(Failures(new TelemetryOptions { DashboardSampleInterval = TimeSpan.Parse(interval, CultureInfo.InvariantCulture) }));
        Assert.Contains("Mle:Telemetry:DashboardSampleInterval", failure);
    }
}
