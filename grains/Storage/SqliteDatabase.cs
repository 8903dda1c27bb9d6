using Microsoft.Data.Sqlite;

namespace Mle.Storage;

/// <summary>
/// One SQLite database file shared by the grain storage providers and the reminder table.
/// Every operation runs on the thread pool: Microsoft.Data.Sqlite's async API completes
/// synchronously, and a commit waits for an fsync that must not block the grain scheduler.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly Lock _initLock = new();
    private volatile bool _initialized;

    /// <param name="path">The database file; its directory is created on first use.</param>
    /// <param name="schema">Idempotent DDL (<c>CREATE ... IF NOT EXISTS</c>) run once before the first operation.</param>
    public SqliteDatabase(string path, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _schema = schema;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Seconds a statement waits for another connection's write lock before failing.
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string Path { get; }

    /// <summary>Runs <paramref name="work"/> on a pooled, initialized connection off the calling thread.</summary>
    public Task<T> Run<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            using var connection = Open();
            return work(connection);
        }, cancellationToken);

    /// <summary>
    /// Opens an initialized connection the caller owns and keeps (the group-commit writer holds one for its lifetime),
    /// with the same durability settings as every other connection.
    /// </summary>
    public SqliteConnection Open()
    {
        EnsureInitialized();
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // synchronous=FULL syncs the write-ahead log on every commit: an acknowledged write survives
        // a power loss, not only a process crash (NORMAL would only guarantee the latter in WAL mode).
        Execute(connection, "PRAGMA synchronous=FULL;");
        return connection;
    }

    private void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (_initLock)
        {
            if (_initialized)
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            // WAL is a property of the file: set once, every later connection uses it.
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, _schema);
            _initialized = true;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
