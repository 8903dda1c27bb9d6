namespace Mle.Audit;

/// <summary>
/// One audited attempt to change something: who (<see cref="Actor"/>, an API key id or a token's subject, with its
/// <see cref="Role"/> and <see cref="Credential"/> kind), what (<see cref="Action"/> on <see cref="Resource"/>, and how
/// it ended), when (<see cref="Time"/>, UTC, when the attempt began) and from where (<see cref="RemoteAddress"/> and
/// <see cref="Client"/>: the HTTP user agent, or the SDK's name). Never a secret or a payload.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string Tenant,
    [property: Id(3)] string Actor,
    [property: Id(4)] string Role,
    [property: Id(5)] string Credential,
    [property: Id(6)] string Action,
    [property: Id(7)] string Resource,
    [property: Id(8)] AuditOutcome Outcome,
    [property: Id(9)] int Status,
    [property: Id(10)] string? Code,
    [property: Id(11)] string Channel,
    [property: Id(12)] string? RemoteAddress,
    [property: Id(13)] string? Client)
{
    /// <summary>The channel of REST calls (<c>/api/v1</c>, <c>/v2</c>).</summary>
    public const string Rest = "rest";

    /// <summary>The channel of SDK calls through a silo's gateway.</summary>
    public const string Sdk = "sdk";

    /// <summary>This entry with the end of its attempt; a <paramref name="resource"/> names what the attempt created.</summary>
    public AuditEntry Completed(AuditCompletion completion) => this with
    {
        Outcome = completion.Outcome,
        Status = completion.Status,
        Code = completion.Code,
        Resource = completion.Resource ?? Resource,
    };
}
