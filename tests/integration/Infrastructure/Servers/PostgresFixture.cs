namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>One private <see cref="PostgresServer"/> for the tests of a class.</summary>
public sealed class PostgresFixture : ServerFixture<PostgresServer>
{
    protected override Task<PostgresServer> Start() => PostgresServer.StartAsync();
}
