using Mle.Audit;

namespace Mle.Tests.Unit.Audit;

public sealed class AuditLogRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static AuditSegmentInfo Segment(int index, TimeSpan age) =>
        new(index, index * 10L + 1, index * 10L + 10, Now - age - TimeSpan.FromMinutes(5), Now - age);

    private static AuditEntry Entry(string actor = "k1", string action = AuditActions.AliasSet, string resource = "models/churn/aliases/champion", int minutesAgo = 0) =>
        new(1, Now.AddMinutes(-minutesAgo), "default", actor, "admin", "api_key", action, resource, AuditOutcome.Succeeded, 200, null, AuditEntry.Rest, "127.0.0.1", "curl");

    [Fact]
    public void Segments_past_the_retention_are_dropped_and_the_oldest_beyond_the_count()
    {
        var options = new AuditOptions { Retention = TimeSpan.FromDays(30), MaxSegments = 2 };
        var segments = new[] { Segment(0, TimeSpan.FromDays(40)), Segment(1, TimeSpan.FromDays(10)), Segment(2, TimeSpan.FromDays(5)), Segment(3, TimeSpan.FromDays(1)) };
        Assert.Equal([0, 1], AuditRetention.Expired(segments, Now, options).Select(s => s.Index));
        Assert.Empty(AuditRetention.Expired(segments[2..], Now, options));
    }

    [Fact]
    public void A_query_filters_by_time_actor_action_and_resource_with_what_is_under_it()
    {
        Assert.True(new AuditQuery(Resource: "models/churn").Matches(Entry()));
        Assert.True(new AuditQuery(Resource: "models/churn/aliases/champion").Matches(Entry()));
        Assert.False(new AuditQuery(Resource: "models/chur").Matches(Entry()));
        Assert.False(new AuditQuery(Actor: "k2").Matches(Entry()));
        Assert.False(new AuditQuery(Action: AuditActions.AliasDelete).Matches(Entry()));
        Assert.True(new AuditQuery(From: Now.AddMinutes(-10), To: Now.AddMinutes(1)).Matches(Entry(minutesAgo: 10)));
        Assert.False(new AuditQuery(From: Now.AddMinutes(-10)).Matches(Entry(minutesAgo: 11)));
        Assert.False(new AuditQuery(To: Now).Matches(Entry()));
    }

    [Theory]
    [InlineData("Retention", "00:30:00")]
    [InlineData("SegmentEntries", "5")]
    [InlineData("MaxSegments", "0")]
    [InlineData("CompletionAttempts", "11")]
    public void A_bad_setting_is_named(string setting, string value)
    {
        var options = new AuditOptions();
        var property = typeof(AuditOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        var result = new AuditOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains($"Mle:Audit:{setting}", result.FailureMessage);
    }
}
