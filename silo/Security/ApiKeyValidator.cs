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

    public async ValueTask<Caller?> Validate(ApiKeyToken token, CancellationToken cancellationToken)
    {
        // Keyed by the whole presented key: a wrong secret with a cached id never hits, and a hit (every request of a
        // hot key) costs no hashing; the secret is hashed only for the grain, on a miss.
        var entry = token.ToString();
        if (_validated.TryGetValue<Caller>(entry, out var cached))
        {
            return cached;
        }
        var caller = await grains.GetGrain<IApiKeyGrain>(token.Id).Verify(token.SecretHash).WaitAsync(cancellationToken);
        if (caller is not null && options.Value.KeyCacheTtl > TimeSpan.Zero)
        {
            _validated.Set(entry, caller, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.KeyCacheTtl });
        }
        return caller;
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
