using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Mle.Silo.Hosting;

/// <summary>
/// The tables and queries Orleans' ADO.NET providers need in PostgreSQL, created at the first start. Each part is
/// one script embedded in this assembly (<c>Hosting/PostgreSql/*.sql</c>), safe to run again; the digest of the
/// script last applied is kept in <c>MleSchema</c>, so a start that finds the same digest runs nothing and a newer
/// build's script is applied once. Silos that start together take turns (an advisory lock), so no two create the
/// same table at the same time.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The ADO.NET invariant name Orleans loads Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>An arbitrary constant: the key of the advisory lock the silos take turns on.</summary>
    private const long SchemaLock = 0x4D4C45_5343484D;

    /// <summary>One provider's share of the schema.</summary>
    public sealed record Part(string Name)
    {
        public string Script => Read($"{Name}.sql");
    }

    public static readonly Part Clustering = new("Clustering");
    public static readonly Part Persistence = new("Persistence");
    public static readonly Part Reminders = new("Reminders");
    private static readonly Part Queries = new("Queries");

    /// <summary>Applies the parts missing or changed since they were last applied, in one transaction.</summary>
    public static async Task Apply(string connectionString, IReadOnlyList<Part> parts, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, $"SELECT pg_advisory_xact_lock({SchemaLock})", cancellationToken).ConfigureAwait(false);
        await Execute(connection,
            "CREATE TABLE IF NOT EXISTS MleSchema (Part varchar(64) NOT NULL PRIMARY KEY, Sha256 char(64) NOT NULL, AppliedOn timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);

        foreach (var part in new[] { Queries }.Concat(parts))
        {
            var script = part.Script;
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
            await using var applied = new NpgsqlCommand("SELECT Sha256 FROM MleSchema WHERE Part = @part", connection);
            applied.Parameters.AddWithValue("part", part.Name);
            if (await applied.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string current && current == digest)
            {
                continue;
            }

            await Execute(connection, script, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(
                "INSERT INTO MleSchema (Part, Sha256) VALUES (@part, @sha256) ON CONFLICT (Part) DO UPDATE SET Sha256 = EXCLUDED.Sha256, AppliedOn = now()",
                connection);
            record.Parameters.AddWithValue("part", part.Name);
            record.Parameters.AddWithValue("sha256", digest);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Read(string file)
    {
        var name = $"Mle.Silo.PostgreSql.{file}";
        using var stream = typeof(PostgreSqlSchema).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded script {name} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
