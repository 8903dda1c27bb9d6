using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Mle.Storage;
using Orleans.Runtime;

namespace Mle.Tests.Unit.Storage;

public sealed class SqliteReminderTableTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_upserted_reminder_reads_back_by_grain_and_by_name()
    {
        var table = Table();
        var grain = GrainId.Create("pipeline", "default/nightly");

        var etag = await table.UpsertRow(Entry(grain, "retrain"));
        var byName = await table.ReadRow(grain, "retrain");
        var byGrain = await table.ReadRows(grain);

        Assert.NotNull(byName);
        Assert.Equal(grain, byName.GrainId);
        Assert.Equal("retrain", byName.ReminderName);
        Assert.Equal(Start, byName.StartAt);
        Assert.Equal(DateTimeKind.Utc, byName.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), byName.Period);
        Assert.Equal(etag, byName.ETag);
        Assert.Single(byGrain.Reminders);
    }

    [Fact]
    public async Task Reading_an_unknown_reminder_gives_null()
    {
        Assert.Null(await Table().ReadRow(GrainId.Create("pipeline", "default/none"), "retrain"));
    }

    [Fact]
    public async Task Upserting_again_replaces_the_reminder_and_changes_its_etag()
    {
        var table = Table();
        var grain = GrainId.Create("pipeline", "default/nightly");
        var first = await table.UpsertRow(Entry(grain, "retrain"));

        var second = await table.UpsertRow(Entry(grain, "retrain", TimeSpan.FromHours(1)));

        Assert.NotEqual(first, second);
        var row = await table.ReadRow(grain, "retrain");
        Assert.Equal(TimeSpan.FromHours(1), row!.Period);
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Remove_needs_the_current_etag()
    {
        var table = Table();
        var grain = GrainId.Create("pipeline", "default/nightly");
        var stale = await table.UpsertRow(Entry(grain, "retrain"));
        var current = await table.UpsertRow(Entry(grain, "retrain"));

        Assert.False(await table.RemoveRow(grain, "retrain", stale!));
        Assert.NotNull(await table.ReadRow(grain, "retrain"));
        Assert.True(await table.RemoveRow(grain, "retrain", current!));
        Assert.Null(await table.ReadRow(grain, "retrain"));
    }

    [Fact]
    public async Task A_hash_range_holds_the_rows_above_its_begin_up_to_and_including_its_end()
    {
        var table = Table();
        var grains = await StoreGrainsSortedByHash(table);
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();

        var rows = await table.ReadRows(hashes[1], hashes[3]);

        Assert.Equal([grains[2], grains[3]], Ordered(rows));
    }

    [Fact]
    public async Task A_range_whose_begin_is_past_its_end_wraps_around_the_ring()
    {
        var table = Table();
        var grains = await StoreGrainsSortedByHash(table);
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();

        var rows = await table.ReadRows(hashes[3], hashes[1]);

        Assert.Equal([grains[0], grains[1], grains[4], grains[5]], Ordered(rows));
    }

    [Fact]
    public async Task Services_sharing_a_file_see_and_clear_only_their_own_reminders()
    {
        var ours = Table("service-a");
        var theirs = Table("service-b");
        var grain = GrainId.Create("pipeline", "default/nightly");
        await ours.UpsertRow(Entry(grain, "retrain"));
        await theirs.UpsertRow(Entry(grain, "retrain"));

        await ours.TestOnlyClearTable();

        Assert.Null(await ours.ReadRow(grain, "retrain"));
        Assert.NotNull(await theirs.ReadRow(grain, "retrain"));
        Assert.Single((await theirs.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task Reminders_survive_reopening_the_database_file()
    {
        var grain = GrainId.Create("pipeline", "default/nightly");
        await Table().UpsertRow(Entry(grain, "retrain"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.NotNull(await Table().ReadRow(grain, "retrain"));
    }

    private static async Task<GrainId[]> StoreGrainsSortedByHash(SqliteReminderTable table)
    {
        var grains = Enumerable.Range(0, 6)
            .Select(i => GrainId.Create("pipeline", $"default/p{i}"))
            .OrderBy(g => g.GetUniformHashCode())
            .ToArray();
        Assert.Equal(grains.Length, grains.Select(g => g.GetUniformHashCode()).Distinct().Count());
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "tick"));
        }

        return grains;
    }

    private static GrainId[] Ordered(ReminderTableData rows) =>
        rows.Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()).ToArray();

    private SqliteReminderTable Table(string serviceId = "service-a") => new(
        Options.Create(new SqliteReminderTableOptions { DatabasePath = _directory.File("reminders.db") }),
        Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = Start,
        Period = period ?? TimeSpan.FromMinutes(5),
    };
}
