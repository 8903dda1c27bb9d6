namespace Mle.Security;

/// <summary>The persisted API key (grain <see cref="ApiKeyGrain"/>); null <see cref="Tenant"/> means no key has this id.</summary>
[GenerateSerializer]
public sealed class ApiKeyState
{
    [Id(0)] public string? Tenant { get; set; }
    [Id(1)] public Role Role { get; set; }
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public string SecretHash { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public string CreatedBy { get; set; } = "";
    [Id(6)] public DateTimeOffset? RevokedAt { get; set; }
}
