using Mle.Audit;
using Mle.Notifications;

namespace Mle.Tests.Unit.Notifications;

public sealed class NotificationKindsTests
{
    [Theory]
    [InlineData("model.create", "model")]
    [InlineData("version.register", "model")]
    [InlineData("version.archive", "model")]
    [InlineData("alias.set", "alias")]
    [InlineData("featureset.evolve", "featureset")]
    [InlineData("key.revoke", "key")]
    // Actions other parts of the platform audit are notified under their own kind with no change to the mapping.
    [InlineData("pipeline.deploy", "pipeline")]
    [InlineData("pipeline.pause", "pipeline")]
    [InlineData("endpoint.update", "endpoint")]
    [InlineData("run", "run")]
    public void The_kind_is_the_first_word_of_the_action_and_a_version_belongs_to_its_model(string action, string kind) =>
        Assert.Equal(kind, NotificationKinds.Of(action));

    [Theory]
    [InlineData("models/churn/versions/3", "churn")]
    [InlineData("models/churn", "churn")]
    [InlineData("pipelines/fraud/deploy", "fraud")]
    [InlineData("admin/keys/k1", "k1")]
    [InlineData("featuresets/cards", "cards")]
    [InlineData("models", "")]
    [InlineData("admin/keys", "")]
    [InlineData("", "")]
    public void The_name_is_the_first_segment_after_the_collection(string resource, string name) =>
        Assert.Equal(name, NotificationKinds.NameOf(resource));

    [Fact]
    public void Only_a_change_that_took_effect_is_notified_and_who_made_it_is_left_out()
    {
        var entry = new AuditEntry(7, DateTimeOffset.UnixEpoch, "acme", "key-1", "admin", "api_key", "alias.set", "models/churn/aliases/champion",
            AuditOutcome.Succeeded, 200, null, AuditEntry.Rest, "10.0.0.1", "curl/8");

        Assert.Equal(new Notification(7, DateTimeOffset.UnixEpoch, "alias", "churn", "alias.set", "models/churn/aliases/champion"), NotificationKinds.From(entry));
        Assert.Null(NotificationKinds.From(entry with { Outcome = AuditOutcome.Refused }));
        Assert.Null(NotificationKinds.From(entry with { Outcome = AuditOutcome.Failed }));
        Assert.Null(NotificationKinds.From(entry with { Outcome = AuditOutcome.Unknown }));
    }

    [Fact]
    public void A_filter_passes_any_of_its_kinds_and_only_its_name()
    {
        var moved = new Notification(1, DateTimeOffset.UnixEpoch, "alias", "churn", "alias.set", "models/churn/aliases/champion");

        Assert.True(NotificationFilter.All.Matches(moved));
        Assert.True(new NotificationFilter(["model", "alias"]).Matches(moved));
        Assert.False(new NotificationFilter(["model"]).Matches(moved));
        Assert.True(new NotificationFilter([], "churn").Matches(moved));
        Assert.False(new NotificationFilter(["alias"], "Churn").Matches(moved));
    }
}
