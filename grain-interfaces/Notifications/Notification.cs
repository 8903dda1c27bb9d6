namespace Mle.Notifications;

/// <summary>
/// One change in a tenant, as <c>/api/v1/notifications</c> and <c>IMleClient.Notifications</c> deliver it: a model
/// version registered, an alias moved, a pipeline deployed... made from the change's audit entry (see
/// <see cref="NotificationKinds"/> for <see cref="Kind"/> and <see cref="Name"/>). Only changes that took effect are
/// notified; who made them and from where stays in the audit log, which only admins read.
/// </summary>
/// <param name="Sequence">The change's number in the tenant's audit log: increasing, so a gap shows what was missed.</param>
/// <param name="Time">When the change was made (UTC).</param>
/// <param name="Kind">What kind of thing changed: <c>model</c>, <c>alias</c>, <c>featureset</c>, <c>pipeline</c>, <c>endpoint</c>, <c>key</c>...</param>
/// <param name="Name">The name of the thing changed (the model, pipeline, endpoint, feature set, or key id).</param>
/// <param name="Action">The audited action (<c>version.register</c>, <c>alias.set</c>, <c>pipeline.deploy</c>...).</param>
/// <param name="Resource">What was touched, as the audit log names it (<c>models/churn/versions/3</c>).</param>
[GenerateSerializer, Immutable]
public sealed record Notification(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Name,
    [property: Id(4)] string Action,
    [property: Id(5)] string Resource);
