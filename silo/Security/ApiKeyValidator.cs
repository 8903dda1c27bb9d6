using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>
/// Validates presented API keys against their grains, with a per-silo cache of the keys it validated: bounded
/// (<see cref="SecurityOptions.KeyCacheSize"/>) and short-lived (<see cref="SecurityOptions.KeyCacheTtl"/>), so a hot
/// key costs one grain call per TTL. Revocation is not pushed: the revoking silo forgets the key at once
/// (<see cref="Forget"/>), every other silo within the TTL. Failures are not cached; a wrong secret always asks.
/// </summary>
public sealed class ApiKeyValidator(IGrainFactory grains, IOptions<SecurityOptions> options) : IDisposable
{
    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = options.Value.KeyCacheSize });

    /// <summary>
    /// The gateway's hot path: a key validated within the TTL, found by the key exactly as presented (the canonical
    /// <c>mle_&lt;id&gt;_&lt;secret&gt;</c> form a successful validation cached it under), with the principal built
    /// when it was validated: no parsing, hashing or claims per request.
    /// </summary>
    public bool TryGetValidated(string presented, out CallerPrincipal principal) =>
        _validated.TryGetValue(presented, out principal!) && principal is not null;

    public async ValueTask<Caller?> Validate(ApiKeyToken token, CancellationToken cancellationToken) =>
        (await ValidatePrincipal(token, cancellationToken))?.Caller;

    /// <summary>Validates the key (from the cache when it can) and returns its principal, or null when unknown or revoked.</summary>
    public async ValueTask<CallerPrincipal?> ValidatePrincipal(ApiKeyToken token, CancellationToken cancellationToken)
    {
        // Keyed by the whole presented key: a wrong secret with a cached id never hits, and a hit (every request of a
        // hot key) costs no hashing; the secret is hashed only for the grain, on a miss.
        var entry = token.ToString();
        if (_validated.TryGetValue<CallerPrincipal>(entry, out var cached) && cached is not null)
        {
            return cached;
        }
        var caller = await grains.GetGrain<IApiKeyGrain>(token.Id).Verify(token.SecretHash).WaitAsync(cancellationToken);
        if (caller is null)
        {
            return null;
        }
        var principal = (CallerPrincipal)CallerClaims.Principal(caller, ApiKeyAuthenticationHandler.SchemeName);
        if (options.Value.KeyCacheTtl > TimeSpan.Zero)
        {
            _validated.Set(entry, principal, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.KeyCacheTtl });
        }
        return principal;
    }

    /// <summary>Drops every cached validation of a key (after its revocation on this silo).</summary>
    public void Forget(string keyId)
    {
        foreach (var entry in _validated.Keys.OfType<string>().Where(k => k.StartsWith($"{ApiKeyToken.Prefix}{keyId}_", StringComparison.Ordinal)))
        {
            _validated.Remove(entry);
        }
    }

    public void Dispose() => _validated.Dispose();
}
