using System.Globalization;
using Mle.Silo.Hosting;

namespace Mle.Tests.Unit.Hosting;

/// <summary><c>Mle:Streams:MaxEventDeliveryTime</c>: 10 minutes by default, never below a minute.</summary>
public sealed class MaxEventDeliveryTimeTests
{
    [Fact]
    public void The_default_outlasts_failure_detection_and_the_response_timeout_many_times()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), new StreamsOptions().MaxEventDeliveryTime);
        Assert.Empty(Failures(new StreamsOptions()));
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("00:00:00")]
    public void Less_than_a_minute_fails_naming_the_setting(string time)
    {
        var failure = Assert.Single(Failures(new StreamsOptions { MaxEventDeliveryTime = TimeSpan.Parse(time, CultureInfo.InvariantCulture) }));
        Assert.StartsWith("Mle:Streams:MaxEventDeliveryTime must be at least 1 minute", failure, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Failures(StreamsOptions options)
    {
        var result = new StreamsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
