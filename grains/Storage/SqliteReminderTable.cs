using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mle.Storage;

/// <summary>
/// Orleans reminders in one SQLite table, partitioned by service id. Each row carries the grain's
/// uniform hash so a silo can read the reminders of its slice of the ring.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reminders (
            service_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
        """;

    private const string Columns = "grain_id, reminder_name, start_at, period, etag";

    private readonly SqliteDatabase _database;
    private readonly string _serviceId;

    public SqliteReminderTable(IOptions<SqliteReminderTableOptions> options, IOptions<ClusterOptions> cluster)
    {
        _database = new SqliteDatabase(options.Value.DatabasePath, Schema);
        _serviceId = cluster.Value.ServiceId;
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        _database.Run(connection =>
        {
            using var command = Command(connection, $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain;");
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            return new ReminderTableData(ReadAll(command));
        });

    /// <summary>Rows whose grain hash lies in (begin, end]; when begin >= end the range wraps around zero.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        _database.Run(connection =>
        {
            var range = begin < end
                ? "grain_hash > $begin AND grain_hash <= $end"
                : "(grain_hash > $begin OR grain_hash <= $end)";
            using var command = Command(connection, $"SELECT {Columns} FROM reminders WHERE service_id = $service AND {range};");
            command.Parameters.AddWithValue("$begin", (long)begin);
            command.Parameters.AddWithValue("$end", (long)end);
            return new ReminderTableData(ReadAll(command));
        });

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        _database.Run(connection =>
        {
            using var command = Command(connection,
                $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name;");
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
            return ReadAll(command).SingleOrDefault();
        });

    /// <summary>Inserts or replaces the reminder unconditionally (as every Orleans table does) and returns its new ETag.</summary>
    public Task<string?> UpsertRow(ReminderEntry entry) =>
        _database.Run<string?>(connection =>
        {
            var etag = Guid.NewGuid().ToString("N");
            using var command = Command(connection, """
                INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, etag)
                VALUES ($service, $grain, $name, $hash, $start, $period, $etag)
                ON CONFLICT (service_id, grain_id, reminder_name)
                DO UPDATE SET start_at = excluded.start_at, period = excluded.period, etag = excluded.etag;
                """);
            command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
            command.Parameters.AddWithValue("$name", entry.ReminderName);
            command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
            command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
            command.Parameters.AddWithValue("$period", entry.Period.Ticks);
            command.Parameters.AddWithValue("$etag", etag);
            command.ExecuteNonQuery();
            return etag;
        });

    /// <summary>Removes the reminder only if <paramref name="eTag"/> is still current.</summary>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        _database.Run(connection =>
        {
            using var command = Command(connection,
                "DELETE FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND etag = $etag;");
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
            command.Parameters.AddWithValue("$etag", eTag);
            return command.ExecuteNonQuery() == 1;
        });

    public Task TestOnlyClearTable() =>
        _database.Run(connection =>
        {
            using var command = Command(connection, "DELETE FROM reminders WHERE service_id = $service;");
            return command.ExecuteNonQuery();
        });

    private SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        return command;
    }

    private static List<ReminderEntry> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var entries = new List<ReminderEntry>();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return entries;
    }
}
