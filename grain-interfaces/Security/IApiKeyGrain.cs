namespace Mle.Security;

/// <summary>One API key (key: the key's id, the <c>&lt;id&gt;</c> of <c>mle_&lt;id&gt;_&lt;secret&gt;</c>).</summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the key. Repeating the same grant (same tenant, role and hash) returns the key as it is, so a
    /// bootstrap on every start is safe; a different grant for an existing id is a conflict.
    /// </summary>
    Task<ApiKeyInfo> Create(ApiKeyGrant grant);

    /// <summary>The key, or null when no key has this id.</summary>
    Task<ApiKeyInfo?> Get();

    /// <summary>The caller the key identifies when <paramref name="secretHash"/> is its secret's hash and it is not revoked; otherwise null.</summary>
    Task<Caller?> Verify(string secretHash);

    /// <summary>Revokes the key (again is fine); it stops authenticating at once on this silo, within the cache's TTL on others.</summary>
    Task<ApiKeyInfo> Revoke();
}
