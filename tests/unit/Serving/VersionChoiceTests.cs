using Mle.Errors;
using Mle.Naming;
using Mle.Registry;
using Mle.Serving;

namespace Mle.Tests.Unit.Serving;

public sealed class VersionChoiceTests
{
    private static readonly IReadOnlyDictionary<string, int> Champion2 = new Dictionary<string, int> { ["champion"] = 2 };

    [Fact]
    public void A_number_serves_that_version()
    {
        Assert.Equal(1, VersionChoice.Choose(Snapshots.Of("m", 1, Snapshots.Ready(1, 2)), VersionSelector.ForVersion(1)));
    }

    [Fact]
    public void An_archived_version_asked_for_by_number_is_still_served()
    {
        Assert.Equal(1, VersionChoice.Choose(Snapshots.Of("m", 1, Snapshots.Ready(1, 2), null, 1), VersionSelector.ForVersion(1)));
    }

    [Fact]
    public void An_alias_serves_the_version_it_points_to()
    {
        Assert.Equal(2, VersionChoice.Choose(Snapshots.Of("m", 1, Snapshots.Ready(1, 2, 3), Champion2), VersionSelector.ForAlias("champion")));
    }

    [Fact]
    public void An_alias_never_serves_an_archived_version()
    {
        var error = Assert.Throws<ConflictException>(() =>
            VersionChoice.Choose(Snapshots.Of("m", 1, Snapshots.Ready(1, 2), Champion2, 2), VersionSelector.ForAlias("champion")));
        Assert.Equal(ErrorCodes.VersionArchived, error.Code);
    }

    [Fact]
    public void The_default_is_the_champion_when_there_is_one()
    {
        Assert.Equal(2, VersionChoice.Choose(Snapshots.Of("m", 1, Snapshots.Ready(1, 2, 3), Champion2), VersionSelector.Default));
    }

    [Fact]
    public void Without_a_champion_the_default_is_the_newest_ready_unarchived_version()
    {
        var versions = new Dictionary<int, VersionStatus> { [1] = VersionStatus.Ready, [2] = VersionStatus.Ready, [3] = VersionStatus.Ready, [4] = VersionStatus.Failed };
        Assert.Equal(2, VersionChoice.Choose(Snapshots.Of("m", 1, versions, null, 3), VersionSelector.Default));
    }

    [Fact]
    public void A_model_with_nothing_servable_has_no_default()
    {
        var versions = new Dictionary<int, VersionStatus> { [1] = VersionStatus.Failed, [2] = VersionStatus.Pending };
        var error = Assert.Throws<VersionNotFoundException>(() => VersionChoice.Choose(Snapshots.Of("m", 1, versions), VersionSelector.Default));
        Assert.Contains("no champion", error.Message);
    }

    [Theory]
    [InlineData(VersionStatus.Pending)]
    [InlineData(VersionStatus.Failed)]
    public void A_version_that_is_not_ready_is_not_served(VersionStatus status)
    {
        var versions = new Dictionary<int, VersionStatus> { [1] = status };
        var error = Assert.Throws<ConflictException>(() => VersionChoice.Choose(Snapshots.Of("m", 1, versions), VersionSelector.ForVersion(1)));
        Assert.Equal(ErrorCodes.VersionNotReady, error.Code);
    }

    [Fact]
    public void Unknown_versions_and_aliases_are_named_in_the_error()
    {
        var snapshot = Snapshots.Of("m", 1, Snapshots.Ready(1));
        Assert.Equal("9", Assert.Throws<VersionNotFoundException>(() => VersionChoice.Choose(snapshot, VersionSelector.ForVersion(9))).Target);
        Assert.Equal("prod", Assert.Throws<AliasNotFoundException>(() => VersionChoice.Choose(snapshot, VersionSelector.ForAlias("prod"))).Target);
    }
}
