namespace Mle.Audit;

/// <summary>
/// How an attempt ended: its outcome, the HTTP status it was answered with (an SDK call's status is the one REST
/// would have answered), the error code if any, and the resource it created when that is more precise than the one
/// it named (<c>models/churn/versions/3</c> for an upload to <c>models/churn/versions</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditCompletion(
    [property: Id(0)] AuditOutcome Outcome,
    [property: Id(1)] int Status,
    [property: Id(2)] string? Code,
    [property: Id(3)] string? Resource = null);
