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
        // The cache is keyed by the hash of the whole key: a wrong secret with a cached id never hits.
        var hash = token.SecretHash;
        var entry = $"{token.Id}:{hash}";
        if (_validated.TryGetValue<Caller>(entry, out var cached))
        {
            return cached;
        }
        var caller = await grains.GetGrain<IApiKeyGrain>(token.Id).Verify(hash).WaitAsync(cancellationToken);
        if (caller is not null && options.Value.KeyCacheTtl > TimeSpan.Zero)
        {
            _validated.Set(entry, caller, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.KeyCacheTtl });
        }
        return caller;
    }

    /// <summary>Drops every cached validation of a key (after its revocation on this silo).</summary>
    public void Forget(string keyId)
    {
        foreach (var entry in _validated.Keys.OfType<string>().Where(k => k.StartsWith(keyId + ":", StringComparison.Ordinal)))
        {
            _validated.Remove(entry);
        }
    }

    public void Dispose() => _validated.Dispose();
}
