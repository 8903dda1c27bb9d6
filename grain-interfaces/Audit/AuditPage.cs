namespace Mle.Audit;

/// <summary>One page of an audit query, newest first; <see cref="PageToken"/> is null on the last page.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Items,
    [property: Id(1)] string? PageToken);
