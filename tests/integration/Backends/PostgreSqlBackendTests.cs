using Mle.Silo.Hosting;
using Mle.Tests.Integration.Infrastructure.Servers;
using Npgsql;

namespace Mle.Tests.Integration.Backends;

/// <summary>PostgreSQL through Orleans' ADO.NET providers (clustering, grain state, reminders), on a private server.</summary>
public sealed class PostgreSqlBackendTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly PostgreSqlSchema.Part[] AllParts = [PostgreSqlSchema.Clustering, PostgreSqlSchema.Persistence, PostgreSqlSchema.Reminders];

    [SkippableFact]
    public async Task Models_aliases_grain_state_and_reminders_on_postgres_survive_a_restart()
    {
        var database = await NewDatabase();

        await BackendRoundTrip.Survives_a_restart(BackendRoundTrip.Isolated(new()
        {
            ["Mle:Clustering:Provider"] = "PostgreSql",
            ["Mle:Clustering:ConnectionString"] = database,
            ["Mle:Storage:Provider"] = "PostgreSql",
            ["Mle:Storage:ConnectionString"] = database,
            ["Mle:Artifacts:Shared"] = "true",
        }));

        Assert.True(await Rows(database, "OrleansStorage") > 0);
        Assert.True(await Rows(database, "OrleansRemindersTable") > 0);
        Assert.True(await Rows(database, "OrleansMembershipTable") > 0);
    }

    [SkippableFact]
    public async Task The_schema_is_created_at_the_first_start_and_applied_once()
    {
        var database = await NewDatabase();

        await PostgreSqlSchema.Apply(database, AllParts, CancellationToken.None);
        var first = await AppliedOn(database);
        await PostgreSqlSchema.Apply(database, AllParts, CancellationToken.None);

        Assert.Equal(["Clustering", "Persistence", "Queries", "Reminders"], first.Keys.Order());
        Assert.Equal(first, await AppliedOn(database));
        Assert.Equal(9 + 4 + 7, await Rows(database, "OrleansQuery"));
    }

    [SkippableFact]
    public async Task Silos_that_start_together_create_the_schema_once_without_colliding()
    {
        var database = await NewDatabase();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostgreSqlSchema.Apply(database, AllParts, CancellationToken.None)));

        Assert.Equal(4, (await AppliedOn(database)).Count);
    }

    [SkippableFact]
    public async Task A_schema_changed_by_hand_is_detected_and_applied_again()
    {
        var database = await NewDatabase();
        await PostgreSqlSchema.Apply(database, AllParts, CancellationToken.None);
        await Execute(database, "DELETE FROM OrleansQuery WHERE QueryKey = 'UpsertReminderRowKey'; UPDATE MleSchema SET Sha256 = repeat('0', 64) WHERE Part = 'Reminders'");

        await PostgreSqlSchema.Apply(database, AllParts, CancellationToken.None);

        Assert.Equal(9 + 4 + 7, await Rows(database, "OrleansQuery"));
    }

    private Task<string> NewDatabase() => postgres.Server.CreateDatabaseAsync("mle_" + Guid.NewGuid().ToString("N")[..16]);

    private static async Task<long> Rows(string database, string table)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<Dictionary<string, DateTime>> AppliedOn(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT Part, AppliedOn FROM MleSchema", connection);
        await using var rows = await read.ExecuteReaderAsync();
        var applied = new Dictionary<string, DateTime>();
        while (await rows.ReadAsync())
        {
            applied[rows.GetString(0)] = rows.GetDateTime(1);
        }
        return applied;
    }

    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
