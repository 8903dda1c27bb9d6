using Mle.Registry;

namespace Mle.Tests.Unit.Artifacts;

public sealed class ArtifactCollectionOptionsTests
{
    [Fact]
    public void By_default_an_unreferenced_artifact_is_kept_an_hour_and_looked_for_every_ten_minutes()
    {
        var options = new ArtifactCollectionOptions();

        Assert.Equal(TimeSpan.FromHours(1), options.UnreferencedGracePeriod);
        Assert.Equal(TimeSpan.FromMinutes(10), options.UnreferencedSweepInterval);
        Assert.True(new ArtifactCollectionOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_grace_period_or_interval_that_is_not_positive_fails_naming_the_setting()
    {
        var options = new ArtifactCollectionOptions { UnreferencedGracePeriod = TimeSpan.Zero, UnreferencedSweepInterval = TimeSpan.FromSeconds(-1) };

        var result = new ArtifactCollectionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Mle:Artifacts:UnreferencedGracePeriod", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mle:Artifacts:UnreferencedSweepInterval", result.FailureMessage, StringComparison.Ordinal);
    }
}
