using Mle.Tests.Integration.Infrastructure.Servers;

namespace Mle.Tests.Integration.Backends;

/// <summary>Redis clustering, grain state and reminders, on a private <c>redis-server</c>.</summary>
public sealed class RedisBackendTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [SkippableFact]
    public async Task Models_aliases_grain_state_and_reminders_on_redis_survive_a_restart()
    {
        await BackendRoundTrip.Survives_a_restart(BackendRoundTrip.Isolated(new()
        {
            ["Mle:Clustering:Provider"] = "Redis",
            ["Mle:Clustering:ConnectionString"] = redis.Server.ConnectionString,
            ["Mle:Storage:Provider"] = "Redis",
            ["Mle:Storage:ConnectionString"] = redis.Server.ConnectionString,
            ["Mle:Artifacts:Shared"] = "true",
        }));
    }
}
