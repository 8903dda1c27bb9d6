namespace Mle.Security;

/// <summary>
/// What a new API key is bound to: one tenant, one role, a name people recognise it by, and the SHA-256 of its
/// secret (hex). The secret itself never reaches a grain or storage.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyGrant(
    [property: Id(0)] string Tenant,
    [property: Id(1)] Role Role,
    [property: Id(2)] string Name,
    [property: Id(3)] string SecretHash,
    [property: Id(4)] string CreatedBy);
