using Mle.Audit;

namespace Mle.Notifications;

/// <summary>
/// How an audit entry becomes a <see cref="Notification"/>: its kind is the word its action starts with
/// (<c>pipeline.deploy</c>, <c>pipeline.pause</c> → <c>pipeline</c>; <c>endpoint.*</c> → <c>endpoint</c>), except that a
/// version belongs to its model (<c>version.register</c> → <c>model</c>); its name is the first segment of its
/// resource after the collection (<c>models/churn/versions/3</c> → <c>churn</c>; <c>admin/keys/k1</c> → <c>k1</c>). New
/// actions named <c>{kind}.{verb}</c> (see <see cref="AuditActions"/>) are notified under their kind with no change here.
/// </summary>
public static class NotificationKinds
{
    public const string Model = "model";
    public const string Alias = "alias";
    public const string FeatureSet = "featureset";
    public const string Pipeline = "pipeline";
    public const string Endpoint = "endpoint";
    public const string Key = "key";

    /// <summary>The kind of an audited <paramref name="action"/>.</summary>
    public static string Of(string action)
    {
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        var kind = dot < 0 ? action : action[..dot];
        return kind == "version" ? Model : kind;
    }

    /// <summary>The name an audited <paramref name="resource"/> touches ("" when it names only a collection).</summary>
    public static string NameOf(string resource)
    {
        var segments = resource.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var collection = segments.Length > 0 && segments[0] == "admin" ? 1 : 0;
        return segments.Length > collection + 1 ? segments[collection + 1] : "";
    }

    /// <summary>The notification of a change, or null for an attempt that changed nothing (refused, failed, unknown).</summary>
    public static Notification? From(AuditEntry entry) =>
        entry.Outcome == AuditOutcome.Succeeded
            ? new Notification(entry.Sequence, entry.Time, Of(entry.Action), NameOf(entry.Resource), entry.Action, entry.Resource)
            : null;
}
