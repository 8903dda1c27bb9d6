using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Mle.Storage;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Mle.Tests.Unit.Storage;

/// <summary>
/// The grain storage provider's writes through group commit: many grains' writes in one transaction, each still
/// checked against its own ETag. Tests that need writes in one batch hold the provider's writer first.
/// </summary>
public sealed class SqliteGrainStorageGroupCommitTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly List<SqliteGrainStorage> _storages = [];

    public void Dispose()
    {
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }

        _services.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Many_grains_writing_at_once_share_a_commit_and_all_read_back_after_the_database_is_reopened()
    {
        var storage = Storage();
        var hold = await HoldWriter(storage);

        var writes = Enumerable.Range(0, 300)
            .Select(i => storage.WriteStateAsync("entity", Entity(i), new GrainState<SampleState>(new SampleState { Name = $"entity {i}" })))
            .ToList();
        hold.Release();
        await Task.WhenAll(writes).WaitAsync(Bound);

        // The holding operation's commit, then one for all three hundred writes queued behind it.
        Assert.Equal(2, storage.GroupCommit!.Commits);
        await storage.DisposeAsync();
        SqliteConnection.ClearAllPools();
        var reopened = Storage();
        for (var i = 0; i < 300; i++)
        {
            var read = new GrainState<SampleState>();
            await reopened.ReadStateAsync("entity", Entity(i), read);
            Assert.Equal($"entity {i}", read.State!.Name);
        }
    }

    [Fact]
    public async Task A_stale_etag_in_a_shared_commit_fails_only_its_own_write()
    {
        var storage = Storage();
        var stale = new GrainState<SampleState>(new SampleState { Name = "a1" });
        await storage.WriteStateAsync("entity", Entity(1), stale);
        var current = new GrainState<SampleState>();
        await storage.ReadStateAsync("entity", Entity(1), current);
        current.State = new SampleState { Name = "a2" };
        await storage.WriteStateAsync("entity", Entity(1), current);
        var neighbour = new GrainState<SampleState>(new SampleState { Name = "b1" });
        await storage.WriteStateAsync("entity", Entity(2), neighbour);
        var commitsBefore = storage.GroupCommit!.Commits;
        var hold = await HoldWriter(storage);

        stale.State = new SampleState { Name = "lost update" };
        var conflicting = storage.WriteStateAsync("entity", Entity(1), stale);
        neighbour.State = new SampleState { Name = "b2" };
        var neighbourWrite = storage.WriteStateAsync("entity", Entity(2), neighbour);
        var newcomerWrite = storage.WriteStateAsync("entity", Entity(3), new GrainState<SampleState>(new SampleState { Name = "c1" }));
        var intruderWrite = storage.WriteStateAsync("entity", Entity(2), new GrainState<SampleState>(new SampleState { Name = "intruder" }));
        hold.Release();

        await Task.WhenAll(neighbourWrite, newcomerWrite).WaitAsync(Bound);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting.WaitAsync(Bound));
        Assert.Equal(current.ETag, conflict.StoredEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => intruderWrite.WaitAsync(Bound));
        Assert.Equal(commitsBefore + 2, storage.GroupCommit.Commits);
        Assert.Equal("a2", (await Read(storage, Entity(1))).Name);
        Assert.Equal("b2", (await Read(storage, Entity(2))).Name);
        Assert.Equal("c1", (await Read(storage, Entity(3))).Name);
    }

    [Fact]
    public async Task A_clear_and_writes_in_one_commit_each_get_their_own_outcome()
    {
        var storage = Storage();
        var cleared = new GrainState<SampleState>(new SampleState { Name = "to clear" });
        await storage.WriteStateAsync("entity", Entity(1), cleared);
        var staleClear = new GrainState<SampleState>(new SampleState { Name = "kept" });
        await storage.WriteStateAsync("entity", Entity(2), staleClear);
        var kept = new GrainState<SampleState>();
        await storage.ReadStateAsync("entity", Entity(2), kept);
        await storage.WriteStateAsync("entity", Entity(2), kept);
        var hold = await HoldWriter(storage);

        var clear = storage.ClearStateAsync("entity", Entity(1), cleared);
        var rejectedClear = storage.ClearStateAsync("entity", Entity(2), staleClear);
        var write = storage.WriteStateAsync("entity", Entity(3), new GrainState<SampleState>(new SampleState { Name = "written" }));
        hold.Release();

        await Task.WhenAll(clear, write).WaitAsync(Bound);
        await Assert.ThrowsAsync<InconsistentStateException>(() => rejectedClear.WaitAsync(Bound));
        Assert.Null(cleared.ETag);
        Assert.False((await ReadState(storage, Entity(1))).RecordExists);
        Assert.True((await ReadState(storage, Entity(2))).RecordExists);
        Assert.Equal("written", (await Read(storage, Entity(3))).Name);
    }

    [Fact]
    public async Task Stopping_commits_the_queued_writes_first_and_a_later_write_still_commits_on_its_own()
    {
        var storage = Storage();
        var hold = await HoldWriter(storage);
        var queued = Enumerable.Range(0, 20)
            .Select(i => storage.WriteStateAsync("entity", Entity(i), new GrainState<SampleState>(new SampleState { Name = $"queued {i}" })))
            .ToList();

        var stopping = storage.DisposeAsync().AsTask();
        Assert.False(stopping.IsCompleted);
        hold.Release();
        await stopping.WaitAsync(Bound);
        await Task.WhenAll(queued).WaitAsync(Bound);
        await storage.WriteStateAsync("entity", Entity(99), new GrainState<SampleState>(new SampleState { Name = "late" })).WaitAsync(Bound);

        SqliteConnection.ClearAllPools();
        var reopened = Storage();
        Assert.Equal("queued 19", (await Read(reopened, Entity(19))).Name);
        Assert.Equal("late", (await Read(reopened, Entity(99))).Name);
    }

    [Fact]
    public async Task With_group_commit_off_every_write_commits_alone_under_the_same_etag_rules()
    {
        var storage = Storage(options => options.GroupCommit = false);
        var first = new GrainState<SampleState>(new SampleState { Name = "first" });
        await storage.WriteStateAsync("entity", Entity(1), first);
        var second = new GrainState<SampleState>();
        await storage.ReadStateAsync("entity", Entity(1), second);
        await storage.WriteStateAsync("entity", Entity(1), second);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("entity", Entity(1), first));

        Assert.Null(storage.GroupCommit);
        Assert.Equal(second.ETag, (await ReadState(storage, Entity(1))).ETag);
    }

    [Fact]
    public void The_provider_takes_part_in_the_silo_lifecycle_so_a_silo_stop_drains_its_queue()
    {
        var storage = Storage();
        using var services = new ServiceCollection().AddGrainStorage("entities", (_, _) => storage).BuildServiceProvider();

        Assert.Contains(storage, services.GetServices<ILifecycleParticipant<ISiloLifecycle>>());
    }

    [Theory]
    [InlineData(0, 4096, "MaxWritesPerCommit")]
    [InlineData(512, 0, "MaxQueuedWrites")]
    public void Limits_below_one_fail_validation_naming_the_setting(int maxWrites, int maxQueued, string setting)
    {
        var options = new SqliteGrainStorageOptions { DatabasePath = "x.db", MaxWritesPerCommit = maxWrites, MaxQueuedWrites = maxQueued };

        var result = new SqliteGrainStorageOptionsValidator().Validate("Default", options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    private static GrainId Entity(int i) => GrainId.Create("entity", $"default/card/c{i}");

    private static async Task<SampleState> Read(SqliteGrainStorage storage, GrainId grain) => (await ReadState(storage, grain)).State!;

    private static async Task<GrainState<SampleState>> ReadState(SqliteGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<SampleState>();
        await storage.ReadStateAsync("entity", grain, state);
        return state;
    }

    /// <summary>Occupies the provider's writer with an operation that waits for <see cref="Hold.Release"/>.</summary>
    private static async Task<Hold> HoldWriter(SqliteGrainStorage storage)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ManualResetEventSlim();
        _ = storage.GroupCommit!.Submit(_ =>
        {
            started.SetResult();
            return gate.Wait(Bound);
        });
        await started.Task.WaitAsync(Bound);
        return new Hold(gate);
    }

    private SqliteGrainStorage Storage(Action<SqliteGrainStorageOptions>? configure = null)
    {
        var options = new SqliteGrainStorageOptions { DatabasePath = _directory.File("grains.db") };
        configure?.Invoke(options);
        var storage = new SqliteGrainStorage(
            "Default",
            options,
            new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
            _services.GetRequiredService<IActivatorProvider>(),
            NullLogger<SqliteGrainStorage>.Instance);
        _storages.Add(storage);
        return storage;
    }

    private sealed record Hold(ManualResetEventSlim Gate)
    {
        public void Release() => Gate.Set();
    }
}
