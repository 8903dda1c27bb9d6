using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Security;

namespace Mle.Silo.Limits;

/// <summary>
/// The one admission of a caller's requests on this silo, REST and SDK alike: at most
/// <see cref="LimitsOptions.MaxConcurrentRequestsPerKey"/> in progress per key (or token subject), and, when set,
/// <see cref="LimitsOptions.MaxRequestsPerSecondPerKey"/> started per second. Over a limit the request is refused
/// at once, never queued, and other keys are not affected.
/// </summary>
public sealed class KeyRequestLimits : IDisposable
{
    /// <summary>The most keys whose rate is remembered; a key idle for a minute is forgotten (its bucket is full again anyway).</summary>
    private const int RememberedRates = 100_000;

    private readonly int _maxConcurrent;
    private readonly int _perSecond;
    private readonly TimeProvider _clock;
    private readonly KeyConcurrency _concurrent;
    private readonly MemoryCache? _rates;

    public KeyRequestLimits(IOptions<LimitsOptions> limits, TimeProvider clock)
    {
        _maxConcurrent = limits.Value.MaxConcurrentRequestsPerKey;
        _perSecond = limits.Value.MaxRequestsPerSecondPerKey;
        _clock = clock;
        _concurrent = new KeyConcurrency(_maxConcurrent);
        _rates = _perSecond > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = RememberedRates }) : null;
    }

    /// <summary>Admits one request of <paramref name="caller"/>, or says which limit refuses it.</summary>
    public KeyAdmission Enter(Caller caller)
    {
        var key = Partition(caller);
        var lease = _concurrent.TryEnter(key);
        if (lease is null)
        {
            return new KeyAdmission(null, MleErrors.TooManyRequests(
                ExceededLimit.Of(nameof(LimitsOptions.MaxConcurrentRequestsPerKey), _maxConcurrent), "requests in progress at once", null));
        }
        if (_rates is not null && Bucket(key).TryTake(_clock.GetTimestamp(), _clock.TimestampFrequency) is { } wait)
        {
            lease.Dispose();
            return new KeyAdmission(null, MleErrors.TooManyRequests(
                ExceededLimit.Of(nameof(LimitsOptions.MaxRequestsPerSecondPerKey), _perSecond), "requests per second", wait));
        }
        return new KeyAdmission(lease, null);
    }

    /// <summary>How many requests of <paramref name="caller"/> are in progress on this silo.</summary>
    public long InProgress(Caller caller) => _concurrent.InProgress(Partition(caller));

    private TokenBucket Bucket((string Tenant, string Subject) key) => _rates!.GetOrCreate(key, entry =>
    {
        entry.Size = 1;
        entry.SlidingExpiration = TimeSpan.FromMinutes(1);
        return new TokenBucket(_perSecond, _clock.GetTimestamp());
    })!;

    // Key ids are unique across tenants; token subjects are unique only within their issuer's tenant. A tuple, not a
    // joined string: this runs on every request, and the caller's parts are already there.
    private static (string Tenant, string Subject) Partition(Caller caller) => (caller.Tenant, caller.Subject);

    public void Dispose() => _rates?.Dispose();
}
