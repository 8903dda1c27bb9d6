using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using System.Diagnostics.Metrics;
using Mle.Storage;
using Mle.Telemetry;

namespace Mle.Tests.Unit.Storage;

/// <summary>
/// The group-commit writer on a real SQLite file. Tests that need several operations in one batch hold the writer
/// inside an operation of their own (<see cref="HoldWriter"/>) while they queue the rest, so batching is certain.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, value TEXT NOT NULL);";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory _directory = new();
    private readonly List<SqliteGroupCommit> _writers = [];

    public void Dispose()
    {
        foreach (var writer in _writers)
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Operations_queued_while_a_commit_is_in_flight_share_the_next_commit()
    {
        var writer = Writer();
        var hold = await HoldWriter(writer);

        var inserts = Enumerable.Range(1, 50).Select(id => writer.Submit(Insert(id))).ToList();
        hold.Release();
        await Task.WhenAll(inserts).WaitAsync(Bound);
        await hold.Completion;

        // One commit for the holding operation, one for all fifty queued behind it.
        Assert.Equal(2, writer.Commits);
        Assert.Equal(51, writer.CommittedOperations);
        Assert.Equal(50L, CountRows());
    }

    [Fact]
    public async Task Each_commit_reports_how_many_writes_it_carried()
    {
        var carried = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MleTelemetry.Name && instrument.Name == "mle.storage.commit.writes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => carried.Add(value));
        listener.Start();
        var writer = Writer();
        var hold = await HoldWriter(writer);

        // An uncommon batch size, so that another test's commits (the listener hears every one) cannot be mistaken for it.
        var inserts = Enumerable.Range(1, 37).Select(id => writer.Submit(Insert(id))).ToList();
        hold.Release();
        await Task.WhenAll(inserts).WaitAsync(Bound);

        Assert.Contains(37L, carried);
    }

    [Fact]
    public async Task An_operation_that_throws_is_rolled_back_alone_and_the_rest_of_its_batch_commits()
    {
        var writer = Writer();
        var hold = await HoldWriter(writer);

        var before = writer.Submit(Insert(1));
        var throwing = writer.Submit<int>(connection =>
        {
            Insert(2)(connection);
            throw new InvalidOperationException("this operation changes its mind");
        });
        var duplicate = writer.Submit(Insert(1));
        var after = writer.Submit(Insert(3));
        hold.Release();

        await Task.WhenAll(before, after).WaitAsync(Bound);
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => throwing.WaitAsync(Bound));
        Assert.Equal("this operation changes its mind", thrown.Message);
        await Assert.ThrowsAsync<SqliteException>(() => duplicate.WaitAsync(Bound));
        Assert.Equal(2, writer.Commits);
        Assert.Equal([1L, 3L], Ids());
    }

    [Fact]
    public async Task A_batch_whose_transaction_is_lost_fails_every_caller_and_the_next_batch_commits()
    {
        var writer = Writer();
        var hold = await HoldWriter(writer);

        var before = writer.Submit(Insert(1));
        // Breaks the contract (an operation must not end the transaction): the batch can no longer commit as a whole.
        var rogue = writer.Submit(connection =>
        {
            using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            return rollback.ExecuteNonQuery();
        });
        var after = writer.Submit(Insert(2));
        hold.Release();

        await Assert.ThrowsAsync<SqliteException>(() => before.WaitAsync(Bound));
        await Assert.ThrowsAsync<SqliteException>(() => rogue.WaitAsync(Bound));
        await Assert.ThrowsAsync<SqliteException>(() => after.WaitAsync(Bound));
        // The holding operation had its own batch, committed before: another batch's failure does not reach it.
        Assert.True(await hold.Completion.WaitAsync(Bound));
        await writer.Submit(Insert(3)).WaitAsync(Bound);
        Assert.Equal([3L], Ids());
    }

    [Fact]
    public async Task Dispose_commits_everything_queued_before_it_stops_and_refuses_what_comes_after()
    {
        var writer = Writer();
        var hold = await HoldWriter(writer);
        var queued = Enumerable.Range(1, 20).Select(id => writer.Submit(Insert(id))).ToList();

        var stopping = writer.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<ChannelClosedException>(() => writer.Submit(Insert(21)));
        Assert.False(stopping.IsCompleted);
        hold.Release();
        await stopping.WaitAsync(Bound);

        // Committed by the time the stop returned; each caller then hears of it on its own continuation.
        Assert.Equal(20L, CountRows());
        await Task.WhenAll(queued).WaitAsync(Bound);
    }

    [Fact]
    public async Task A_caller_cancelled_before_the_writer_takes_its_operation_changes_nothing()
    {
        var writer = Writer();
        var hold = await HoldWriter(writer);
        using var cancel = new CancellationTokenSource();

        var cancelled = writer.Submit(Insert(1), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Bound));
        hold.Release();
        await writer.Submit(Insert(2)).WaitAsync(Bound);

        Assert.Equal([2L], Ids());
    }

    [Fact]
    public async Task A_caller_finding_the_queue_full_waits_for_room_and_can_give_up_without_writing()
    {
        var writer = Writer(maxBatch: 1, queueCapacity: 1);
        var hold = await HoldWriter(writer);
        using var cancel = new CancellationTokenSource();

        var queued = writer.Submit(Insert(1));
        var waiting = writer.Submit(Insert(2), cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        hold.Release();
        await queued.WaitAsync(Bound);

        Assert.Equal([1L], Ids());
    }

    [Fact]
    public async Task Every_acknowledged_operation_is_in_the_file_for_a_fresh_connection_after_the_writer_stops()
    {
        var writer = Writer();

        await Task.WhenAll(Enumerable.Range(1, 200).Select(id => Task.Run(() => writer.Submit(Insert(id))))).WaitAsync(Bound);
        await writer.DisposeAsync();
        SqliteConnection.ClearAllPools();

        Assert.Equal(200L, CountRows());
        Assert.Equal(200, writer.CommittedOperations);
        Assert.InRange(writer.Commits, 1, 200);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Limits_below_one_are_refused(int maxBatch, int queueCapacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SqliteGroupCommit(Database(), maxBatch, queueCapacity, NullLogger.Instance));

    private SqliteGroupCommit Writer(int maxBatch = 512, int queueCapacity = 4096)
    {
        var writer = new SqliteGroupCommit(Database(), maxBatch, queueCapacity, NullLogger.Instance);
        _writers.Add(writer);
        return writer;
    }

    private SqliteDatabase Database() => new(_directory.File("commit.db"), Schema);

    private static Func<SqliteConnection, int> Insert(long id) => connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO rows (id, value) VALUES ($id, 'v');";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery();
    };

    /// <summary>Occupies the writer with an operation that waits for <see cref="Hold.Release"/>.</summary>
    private static async Task<Hold> HoldWriter(SqliteGroupCommit writer)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ManualResetEventSlim();
        var completion = writer.Submit(_ =>
        {
            started.SetResult();
            return gate.Wait(Bound);
        });
        await started.Task.WaitAsync(Bound);
        return new Hold(gate, completion);
    }

    private long CountRows() => (long)Query("SELECT COUNT(*) FROM rows;").Single();

    private List<long> Ids() => Query("SELECT id FROM rows ORDER BY id;").Cast<long>().ToList();

    /// <summary>Reads with a connection of its own, no pool: it sees only what was committed to the file.</summary>
    private List<object> Query(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _directory.File("commit.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<object>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0));
        }

        return values;
    }

    private sealed record Hold(ManualResetEventSlim Gate, Task<bool> Completion)
    {
        public void Release() => Gate.Set();
    }
}
