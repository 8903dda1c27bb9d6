using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Mle.Storage;

/// <summary>
/// Grain state in one SQLite table, one row per (provider, state name, grain type, grain key),
/// with optimistic concurrency: every write must present the ETag it last read.
/// </summary>
/// <remarks>
/// Writes and clears go through a <see cref="SqliteGroupCommit"/> by default: concurrent grains' writes share one
/// transaction and one fsync, each checked against its own ETag inside it, so a conflict fails only its own caller.
/// A caller returns only once its write is durable; reads use their own connections and see every acknowledged write.
/// After the silo stops the provider (its queue drained), a late write commits on its own instead of being refused.
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            provider     TEXT NOT NULL,
            state_name   TEXT NOT NULL,
            grain_type   TEXT NOT NULL,
            grain_key    TEXT NOT NULL,
            etag         TEXT NOT NULL,
            payload      BLOB NOT NULL,
            modified_utc TEXT NOT NULL,
            PRIMARY KEY (provider, state_name, grain_type, grain_key)
        ) WITHOUT ROWID;
        """;

    private const string KeyFilter =
        "provider = $provider AND state_name = $state AND grain_type = $type AND grain_key = $key";

    private readonly string _name;
    private readonly SqliteDatabase _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly SqliteGroupCommit? _groupCommit;

    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators,
        ILogger<SqliteGrainStorage> logger)
    {
        _name = name;
        _database = new SqliteDatabase(options.DatabasePath, Schema);
        _serializer = options.GrainStorageSerializer ?? serializer;
        _activators = activators;
        _logger = logger;
        _groupCommit = options.GroupCommit
            ? new SqliteGroupCommit(_database, options.MaxWritesPerCommit, options.MaxQueuedWrites, logger)
            : null;
    }

    /// <summary>The database this provider writes to; tests read its connection settings.</summary>
    internal SqliteDatabase Database => _database;

    /// <summary>The writer that batches this provider's writes, or null when every write commits on its own.</summary>
    internal SqliteGroupCommit? GroupCommit => _groupCommit;

    /// <summary>
    /// Drains the write queue when the silo stops, after its grains have deactivated (and written their state):
    /// the storage stage stops after the grain deactivation stage.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{_name}", ServiceLifecycleStage.RuntimeStorageServices, _ => Task.CompletedTask, Stop);

    /// <summary>Commits every queued write, then stops the writer; later writes commit one by one.</summary>
    public ValueTask DisposeAsync() => _groupCommit?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task Stop(CancellationToken cancellationToken) => DisposeAsync().AsTask().WaitAsync(cancellationToken);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = await _database.Run(connection =>
        {
            using var command = Command(connection, $"SELECT etag, payload FROM grain_state WHERE {KeyFilter};", stateName, grainId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredRow(reader.GetString(0), (byte[])reader.GetValue(1)) : null;
        });

        if (row is null)
        {
            Reset(grainState);
            return;
        }

        grainState.State = _serializer.Deserialize<T>(new BinaryData(row.Payload)) ?? Create<T>();
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
    }

    /// <summary>
    /// The serialized state's own array when it is one whole array (Orleans' serializer makes it so): <c>ToArray()</c>
    /// copied it on every write, a second large-object-heap array per write once a model lists about a thousand versions.
    /// </summary>
    private static byte[] Payload(BinaryData serialized) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(serialized.ToMemory(), out var whole)
        && whole.Offset == 0 && whole.Array is { } array && whole.Count == array.Length
            ? array
            : serialized.ToArray();

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = Payload(_serializer.Serialize(grainState.State));
        var expected = grainState.ETag;
        var next = NewETag();

        var conflict = await Commit(connection =>
        {
            // A null ETag means "I have never seen a stored record": insert, or conflict if one exists.
            var sql = expected is null
                ? "INSERT INTO grain_state (provider, state_name, grain_type, grain_key, etag, payload, modified_utc) " +
                  "VALUES ($provider, $state, $type, $key, $next, $payload, $modified) ON CONFLICT DO NOTHING;"
                : $"UPDATE grain_state SET etag = $next, payload = $payload, modified_utc = $modified WHERE {KeyFilter} AND etag = $expected;";
            using var command = Command(connection, sql, stateName, grainId);
            command.Parameters.AddWithValue("$next", next);
            command.Parameters.AddWithValue("$payload", payload);
            command.Parameters.AddWithValue("$modified", DateTime.UtcNow.ToString("O"));
            if (expected is not null)
            {
                command.Parameters.AddWithValue("$expected", expected);
            }

            return command.ExecuteNonQuery() == 1 ? null : new Conflict(StoredETag(connection, stateName, grainId));
        });

        if (conflict is not null)
        {
            throw Inconsistent("write", stateName, grainId, conflict.StoredETag, expected);
        }

        grainState.ETag = next;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = grainState.ETag;
        var conflict = await Commit(connection =>
        {
            if (expected is null)
            {
                // Clearing what was never stored is a no-op; clearing a record this grain never read is a conflict.
                var stored = StoredETag(connection, stateName, grainId);
                return stored is null ? null : new Conflict(stored);
            }

            using var command = Command(connection, $"DELETE FROM grain_state WHERE {KeyFilter} AND etag = $expected;", stateName, grainId);
            command.Parameters.AddWithValue("$expected", expected);
            return command.ExecuteNonQuery() == 1 ? null : new Conflict(StoredETag(connection, stateName, grainId));
        });

        if (conflict is not null)
        {
            throw Inconsistent("clear", stateName, grainId, conflict.StoredETag, expected);
        }

        Reset(grainState);
    }

    /// <summary>Runs one write or clear: with the next group commit, or alone when group commit is off or stopped.</summary>
    private async Task<Conflict?> Commit(Func<SqliteConnection, Conflict?> change)
    {
        if (_groupCommit is { } group)
        {
            try
            {
                return await group.Submit(change);
            }
            catch (ChannelClosedException)
            {
                // Stopped before this write was queued: nothing ran, so committing it alone is safe.
            }
        }

        return await _database.Run(change);
    }

    private string? StoredETag(SqliteConnection connection, string stateName, GrainId grainId)
    {
        using var command = Command(connection, $"SELECT etag FROM grain_state WHERE {KeyFilter};", stateName, grainId);
        return command.ExecuteScalar() as string;
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$provider", _name);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
        return command;
    }

    private InconsistentStateException Inconsistent(string operation, string stateName, GrainId grainId, string? stored, string? presented)
    {
        LogConflict(_logger, operation, _name, stateName, grainId, stored, presented);
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of {grainId} in storage '{_name}': " +
            $"the stored ETag is '{stored ?? "(none)"}' but the grain presented '{presented ?? "(none)"}'.",
            stored,
            presented);
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = Create<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T Create<T>() => _activators.GetActivator<T>().Create();

    private static string NewETag() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "ETag conflict on {Operation} of state {StateName} of {GrainId} in storage {Provider}: stored {StoredETag}, presented {PresentedETag}")]
    private static partial void LogConflict(ILogger logger, string operation, string provider, string stateName, GrainId grainId, string? storedETag, string? presentedETag);

    private sealed record StoredRow(string ETag, byte[] Payload);

    private sealed record Conflict(string? StoredETag);
}
