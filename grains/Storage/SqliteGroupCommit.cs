using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Mle.Telemetry;

namespace Mle.Storage;

/// <summary>
/// Group commit for one SQLite file: concurrent callers queue their operations and await them, and one writer
/// takes everything queued (up to <c>maxBatch</c>), runs it in one transaction (one fsync of the write-ahead log)
/// and only then completes each caller. While a batch commits the next one accumulates, so the more writers there
/// are, the more each fsync carries, with no delay added when there is only one.
/// </summary>
/// <remarks>
/// Each operation runs inside its own savepoint: an operation that throws is rolled back alone and fails only its
/// own caller, the rest of the batch still commits. A failed commit fails every caller of that batch (none of it
/// is durable, so none of it is acknowledged). The queue is bounded: a caller that finds it full waits for room.
/// A caller is acknowledged only after its transaction committed under <c>synchronous=FULL</c> in WAL mode (see
/// <see cref="SqliteDatabase"/>): the write survives a process crash and a power loss.
/// </remarks>
public sealed partial class SqliteGroupCommit : IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly Channel<PendingOperation> _queue;
    private readonly Task _writer;
    private WriterConnection? _connection;
    private long _commits;
    private long _committedOperations;

    /// <param name="database">The file to write to.</param>
    /// <param name="maxBatch">The most operations one transaction carries.</param>
    /// <param name="queueCapacity">The most operations waiting for the writer; callers beyond it wait for room.</param>
    /// <param name="logger">Where failed commits are reported.</param>
    public SqliteGroupCommit(SqliteDatabase database, int maxBatch, int queueCapacity, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _database = database;
        _maxBatch = maxBatch;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingOperation>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // The writer blocks on fsync: it runs on the thread pool, never on the caller's (grain) scheduler.
        _writer = Task.Run(WriteLoop);
    }

    /// <summary>Transactions committed so far: with many concurrent writers, far fewer than operations.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Operations committed so far (those that failed alone are not counted).</summary>
    public long CommittedOperations => Interlocked.Read(ref _committedOperations);

    /// <summary>
    /// Queues <paramref name="operation"/> and completes once the transaction that ran it is durable, with the
    /// operation's result, or with its exception (then nothing it did was kept).
    /// </summary>
    /// <remarks>
    /// The operation runs on the writer's connection inside an open transaction: it must not commit, roll back or
    /// keep the connection. A cancelled caller's operation never runs when the cancellation arrives before the
    /// writer took it; once taken, the call completes with the operation's true outcome instead.
    /// </remarks>
    /// <exception cref="ChannelClosedException">The writer was stopped (<see cref="DisposeAsync"/>); nothing ran.</exception>
    public async Task<T> Submit<T>(Func<SqliteConnection, T> operation, CancellationToken cancellationToken = default)
    {
        var pending = new PendingOperation<T>(operation);
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        await using var registration = cancellationToken
            .Register(static (state, token) => ((PendingOperation)state!).TryCancel(token), pending)
            .ConfigureAwait(false);
        return await pending.Task.ConfigureAwait(false);
    }

    /// <summary>Stops taking operations, commits everything already queued, then closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoop()
    {
        var batch = new List<PendingOperation>(Math.Min(_maxBatch, 1024));
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                if (pending.TryTake())
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                Commit(batch);
                batch.Clear();
            }
        }

        _connection?.Dispose();
        _connection = null;
    }

    private void Commit(List<PendingOperation> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var writer = _connection ??= new WriterConnection(_database.Open());
            writer.Begin.ExecuteNonQuery();
            try
            {
                foreach (var pending in batch)
                {
                    writer.Savepoint.ExecuteNonQuery();
                    try
                    {
                        pending.Run(writer.Connection);
                        writer.Release.ExecuteNonQuery();
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // Undo what this operation did and keep the rest of the batch; if the transaction itself
                        // is gone (an I/O error rolls it back), this throws and the whole batch fails below.
                        writer.RollBackToSavepoint.ExecuteNonQuery();
                        pending.Fail(e);
                    }
                }

                writer.Commit.ExecuteNonQuery();
            }
            catch
            {
                writer.RollBackQuietly();
                throw;
            }
        }
        catch (Exception e)
        {
            LogCommitFailed(_logger, batch.Count, _database.Path, e);
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }

            // A connection in an unknown state is not reused: the next batch opens a fresh one.
            _connection?.Dispose();
            _connection = null;
            return;
        }

        // Recorded before any caller hears of its write, so that a caller can rely on seeing its commit counted.
        var committed = batch.Count(pending => !pending.Failed);
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _committedOperations, committed);
        MleTelemetry.StorageCommitWrites.Record(committed);
        MleTelemetry.StorageCommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        foreach (var pending in batch)
        {
            pending.Acknowledge();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A group commit of {Operations} operations to {Database} failed; every caller of the batch got the error")]
    private static partial void LogCommitFailed(ILogger logger, int operations, string database, Exception exception);

    /// <summary>The writer's own connection and its transaction statements, prepared once: a batch runs two per operation.</summary>
    private sealed class WriterConnection : IDisposable
    {
        public WriterConnection(SqliteConnection connection)
        {
            Connection = connection;
            Begin = Prepared("BEGIN IMMEDIATE;");
            Savepoint = Prepared("SAVEPOINT operation;");
            Release = Prepared("RELEASE operation;");
            RollBackToSavepoint = Prepared("ROLLBACK TO operation; RELEASE operation;");
            Commit = Prepared("COMMIT;");
        }

        public SqliteConnection Connection { get; }

        public SqliteCommand Begin { get; }

        public SqliteCommand Savepoint { get; }

        public SqliteCommand Release { get; }

        public SqliteCommand RollBackToSavepoint { get; }

        public SqliteCommand Commit { get; }

        public void RollBackQuietly()
        {
            try
            {
                using var rollback = Connection.CreateCommand();
                rollback.CommandText = "ROLLBACK;";
                rollback.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // No transaction left to roll back (SQLite ended it on the error); the connection is discarded anyway.
            }
        }

        public void Dispose()
        {
            foreach (var command in new[] { Begin, Savepoint, Release, RollBackToSavepoint, Commit })
            {
                command.Dispose();
            }

            Connection.Dispose();
        }

        private SqliteCommand Prepared(string sql)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Prepare();
            return command;
        }
    }

    /// <summary>One queued operation and its caller's task; its state decides, once, whether it runs or is cancelled.</summary>
    private abstract class PendingOperation
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Cancelled = 2;
        private int _state = Queued;

        /// <summary>The writer claims the operation; false when its caller cancelled first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public void TryCancel(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
            {
                Cancel(token);
            }
        }

        public abstract void Run(SqliteConnection connection);

        /// <summary>Whether the operation failed alone (its caller already has the exception).</summary>
        public abstract bool Failed { get; }

        /// <summary>Completes a caller whose operation ran and committed (no-op for one that failed alone).</summary>
        public abstract void Acknowledge();

        public abstract void Fail(Exception exception);

        protected abstract void Cancel(CancellationToken token);
    }

    private sealed class PendingOperation<T>(Func<SqliteConnection, T> operation) : PendingOperation
    {
        // Continuations never run on the writer's thread: it must get back to committing.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override void Run(SqliteConnection connection) => _result = operation(connection);

        public override bool Failed => _completion.Task.IsFaulted;

        public override void Acknowledge() => _completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);

        protected override void Cancel(CancellationToken token) => _completion.TrySetCanceled(token);
    }
}
