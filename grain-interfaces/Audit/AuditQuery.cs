namespace Mle.Audit;

/// <summary>
/// Which entries of a tenant's audit log to return, newest first: those at or after <see cref="From"/> and before
/// <see cref="To"/>, of one <see cref="Actor"/>, one <see cref="Action"/>, and on <see cref="Resource"/> or anything
/// under it (<c>models/churn</c> matches <c>models/churn/aliases/champion</c>). <see cref="PageToken"/> is opaque:
/// pass back the one the previous page returned.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditQuery(
    [property: Id(0)] DateTimeOffset? From = null,
    [property: Id(1)] DateTimeOffset? To = null,
    [property: Id(2)] string? Actor = null,
    [property: Id(3)] string? Action = null,
    [property: Id(4)] string? Resource = null,
    [property: Id(5)] int PageSize = AuditQuery.DefaultPageSize,
    [property: Id(6)] string? PageToken = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Whether <paramref name="entry"/> passes every filter (the page token is not a filter).</summary>
    public bool Matches(AuditEntry entry) =>
        (From is null || entry.Time >= From)
        && (To is null || entry.Time < To)
        && (Actor is null || entry.Actor == Actor)
        && (Action is null || entry.Action == Action)
        && (Resource is null || entry.Resource == Resource
            || (entry.Resource.StartsWith(Resource, StringComparison.Ordinal) && entry.Resource[Resource.Length] == '/'));
}
