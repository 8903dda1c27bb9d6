using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>The body of <c>POST /api/v1/admin/keys</c>: a role (viewer, scorer, scientist, operator, admin), an optional name and tenant.</summary>
public sealed record CreateApiKeyBody(string? Role, string? Name, string? Tenant);

/// <summary>An API key as listed: never its secret.</summary>
public sealed record ApiKeyResponse(string Id, string Tenant, string Role, string Name, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKeyInfo key) =>
        new(key.Id, key.Tenant, Roles.Name(key.Role), key.Name, key.CreatedAt, key.CreatedBy, key.RevokedAt);
}

/// <summary>A new key: <see cref="Key"/> is what callers send as <c>Authorization: Bearer</c>, shown this once.</summary>
public sealed record CreatedApiKeyResponse(string Key, ApiKeyResponse Info);
