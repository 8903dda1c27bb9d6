using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Silo.Limits;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Security;

namespace Mle.Tests.Integration.Limits;

/// <summary>
/// Issue 7, limits: a key over its requests per second is answered 429 with the limit and a <c>Retry-After</c>. The
/// limits' clock is one the test moves, so the bucket refills only when the test says.
/// </summary>
public sealed class KeyRateTests : IAsyncLifetime
{
    private readonly SteppedClock _clock = new();
    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(
        new Dictionary<string, string?> { ["Mle:Limits:MaxRequestsPerSecondPerKey"] = "2" },
        services => services.AddSingleton(sp => new KeyRequestLimits(sp.GetRequiredService<IOptions<LimitsOptions>>(), _clock)));

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Requests_over_a_keys_rate_get_429_with_the_limit_and_a_retry_after_until_the_bucket_refills()
    {
        var (key, _) = await Keys.Create(Silo.Http, "viewer");
        using var client = Silo.ClientWithKey(key);
        (await client.GetAsync("/api/v1/models")).EnsureSuccessStatusCode();
        (await client.GetAsync("/api/v1/models")).EnsureSuccessStatusCode();

        var refused = await client.GetAsync("/api/v1/models");
        var problem = await refused.AssertProblem(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyRequests);
        Assert.Equal("Mle:Limits:MaxRequestsPerSecondPerKey", (string?)problem["limit"]!["setting"]);
        Assert.Equal(2, (int?)problem["limit"]!["value"]);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);

        _clock.Advance(TimeSpan.FromSeconds(0.5));
        (await client.GetAsync("/api/v1/models")).EnsureSuccessStatusCode();
    }

    /// <summary>Timestamps that move only when the test says.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
