namespace Mle.Security;

/// <summary>
/// Who is calling, as established by authentication: the tenant every name it uses belongs to, its role, and
/// the subject that identifies it (an API key id, or the token's subject).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Caller(
    [property: Id(0)] string Tenant,
    [property: Id(1)] Role Role,
    [property: Id(2)] string Subject)
{
    public bool Can(Permission permission) => Roles.Allows(Role, permission);
}
