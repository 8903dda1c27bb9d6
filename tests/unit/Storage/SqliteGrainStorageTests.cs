using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Mle.Storage;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Mle.Tests.Unit.Storage;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("model", "default/iris");
    private readonly TemporaryDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly List<SqliteGrainStorage> _storages = [];

    public void Dispose()
    {
        // Each provider's group-commit writer holds a connection until it stops.
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }

        _services.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Reading_a_record_never_written_gives_a_fresh_state_without_an_etag()
    {
        var state = new GrainState<SampleState>(new SampleState { Name = "stale" });

        await Storage().ReadStateAsync("model", Grain, state);

        Assert.Equal("", state.State!.Name);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_written_record_reads_back_with_its_collections_and_etag()
    {
        var storage = Storage();
        var written = new GrainState<SampleState>(Sample());

        await storage.WriteStateAsync("model", Grain, written);
        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("model", Grain, read);

        Assert.Equal("iris", read.State!.Name);
        Assert.Equal("ml", read.State!.Tags["team"]);
        Assert.Equal([1, 2, 3], read.State!.Versions);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Every_write_issues_a_new_etag()
    {
        var storage = Storage();
        var state = new GrainState<SampleState>(Sample());

        await storage.WriteStateAsync("model", Grain, state);
        var first = state.ETag;
        state.State = state.State! with { Name = "renamed" };
        await storage.WriteStateAsync("model", Grain, state);

        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_keeps_the_stored_state()
    {
        var storage = Storage();
        var first = new GrainState<SampleState>(Sample());
        await storage.WriteStateAsync("model", Grain, first);
        var second = new GrainState<SampleState>();
        await storage.ReadStateAsync("model", Grain, second);
        second.State = second.State! with { Name = "second" };
        await storage.WriteStateAsync("model", Grain, second);

        first.State = first.State! with { Name = "lost update" };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("model", Grain, first));

        Assert.Equal(second.ETag, conflict.StoredEtag);
        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("model", Grain, read);
        Assert.Equal("second", read.State!.Name);
    }

    [Fact]
    public async Task A_first_write_without_an_etag_conflicts_with_an_existing_record()
    {
        var storage = Storage();
        await storage.WriteStateAsync("model", Grain, new GrainState<SampleState>(Sample()));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("model", Grain, new GrainState<SampleState>(new SampleState { Name = "intruder" })));
    }

    [Fact]
    public async Task Clear_removes_the_record_and_resets_the_etag_so_a_new_first_write_succeeds()
    {
        var storage = Storage();
        var state = new GrainState<SampleState>(Sample());
        await storage.WriteStateAsync("model", Grain, state);

        await storage.ClearStateAsync("model", Grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal("", state.State!.Name);
        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("model", Grain, read);
        Assert.False(read.RecordExists);
        await storage.WriteStateAsync("model", Grain, new GrainState<SampleState>(Sample()));
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_throws_and_deletes_nothing()
    {
        var storage = Storage();
        var stale = new GrainState<SampleState>(Sample());
        await storage.WriteStateAsync("model", Grain, stale);
        var current = new GrainState<SampleState>();
        await storage.ReadStateAsync("model", Grain, current);
        await storage.WriteStateAsync("model", Grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("model", Grain, stale));

        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("model", Grain, read);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task The_connections_the_storage_writes_with_sync_every_commit_to_disk()
    {
        var storage = Storage();

        // FULL (2) syncs the write-ahead log on every commit; NORMAL (1) would lose acknowledged writes on a power loss.
        var synchronous = await storage.Database.Run(connection => Scalar(connection, "PRAGMA synchronous;"));
        var journal = await storage.Database.Run(connection => Scalar(connection, "PRAGMA journal_mode;"));

        Assert.Equal(2L, synchronous);
        Assert.Equal("wal", journal);
    }

    [Fact]
    public async Task A_write_is_committed_for_an_independent_connection_before_the_call_returns()
    {
        var written = new GrainState<SampleState>(Sample());

        await Storage().WriteStateAsync("model", Grain, written);

        // No pool, no shared cache: this connection sees only what the storage committed to the file.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _directory.File("grains.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        Assert.Equal(written.ETag, Scalar(connection, "SELECT etag FROM grain_state WHERE provider = 'registry' AND state_name = 'model';"));
    }

    [Fact]
    public async Task The_database_file_is_in_write_ahead_log_mode_for_every_connection()
    {
        await Storage().WriteStateAsync("model", Grain, new GrainState<SampleState>(Sample()));

        await using var connection = new SqliteConnection($"Data Source={_directory.File("grains.db")};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Providers_state_names_and_grains_sharing_one_file_are_kept_apart()
    {
        await Storage("registry").WriteStateAsync("model", Grain, new GrainState<SampleState>(Sample()));

        var otherProvider = new GrainState<SampleState>();
        await Storage("Default").ReadStateAsync("model", Grain, otherProvider);
        var otherState = new GrainState<SampleState>();
        await Storage("registry").ReadStateAsync("aliases", Grain, otherState);
        var otherGrain = new GrainState<SampleState>();
        await Storage("registry").ReadStateAsync("model", GrainId.Create("model", "default/wine"), otherGrain);

        Assert.False(otherProvider.RecordExists);
        Assert.False(otherState.RecordExists);
        Assert.False(otherGrain.RecordExists);
    }

    private SqliteGrainStorage Storage(string name = "registry")
    {
        var storage = new SqliteGrainStorage(
            name,
            new SqliteGrainStorageOptions { DatabasePath = _directory.File("grains.db") },
            new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
            _services.GetRequiredService<IActivatorProvider>(),
            NullLogger<SqliteGrainStorage>.Instance);
        _storages.Add(storage);
        return storage;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static SampleState Sample() => new()
    {
        Name = "iris",
        Tags = new Dictionary<string, string> { ["team"] = "ml" },
        Versions = [1, 2, 3],
    };
}
