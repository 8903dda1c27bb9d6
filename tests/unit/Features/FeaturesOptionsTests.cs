using Mle.Features;

namespace Mle.Tests.Unit.Features;

public sealed class FeaturesOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_write_through()
    {
        var options = new FeaturesOptions();

        Assert.True(new FeaturesOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.Zero, options.WriteBehind);
    }

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var result = new FeaturesOptionsValidator().Validate(null, new FeaturesOptions
        {
            WriteBehind = TimeSpan.FromSeconds(-1),
            IdleDeactivation = TimeSpan.FromMilliseconds(500),
            MaxTilesPerAggregate = 0,
        });

        Assert.True(result.Failed);
        Assert.Contains("Mle:Features:WriteBehind", result.FailureMessage);
        Assert.Contains("Mle:Features:IdleDeactivation", result.FailureMessage);
        Assert.Contains("Mle:Features:MaxTilesPerAggregate", result.FailureMessage);
    }
}
