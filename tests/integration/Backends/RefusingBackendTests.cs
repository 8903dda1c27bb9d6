using Mle.Silo.Hosting.Backends;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Infrastructure.Servers;

namespace Mle.Tests.Integration.Backends;

/// <summary>A database that answers but refuses: the message says so, instead of "unreachable".</summary>
public sealed class RefusingBackendTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [SkippableFact]
    public async Task A_database_that_does_not_exist_fails_the_start_saying_the_server_answered_but_refused()
    {
        var missing = postgres.Server.ConnectionString("no_such_database");

        var error = await Assert.ThrowsAsync<BackendUnreachableException>(() => TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Storage:Provider"] = "PostgreSql",
            ["Mle:Storage:ConnectionString"] = missing,
            ["Mle:Startup:BackendTimeout"] = "00:00:10",
        }));

        Assert.Contains($"Mle:Storage:ConnectionString: 127.0.0.1:{postgres.Server.Port}/no_such_database answered but refused:", error.Message);
        Assert.Contains("no_such_database", error.Message);
    }
}
