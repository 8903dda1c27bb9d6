namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>One private <see cref="RedisServer"/> for the tests of a class.</summary>
public sealed class RedisFixture : ServerFixture<RedisServer>
{
    protected override Task<RedisServer> Start() => RedisServer.StartAsync();
}
