using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;
using Mle.Serving;

namespace Mle.Tests.Unit.Serving;

public sealed class ModelCatalogTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    private static readonly ModelRef Churn = ModelRef.Create(Snapshots.Tenant, "churn");
    private static readonly VersionSelector Champion = VersionSelector.ForAlias("champion");

    private readonly FakeRegistry _registry = new();
    private readonly ManualClock _clock = new();

    private ModelCatalog Catalog(TimeSpan? staleRefreshWait = null, int maxModels = 100) => new(_registry, Options.Create(new CatalogOptions
    {
        CatalogRefreshInterval = Interval,
        StaleRefreshWait = staleRefreshWait ?? Bounded,
        MaxCachedModels = maxModels,
        MissingModelTtl = TimeSpan.FromSeconds(1),
    }), _clock);

    private static ServingSnapshot ChampionAt(int version, long revision) =>
        Snapshots.Of("churn", revision, Snapshots.Ready(1, 2, 3), new Dictionary<string, int> { ["champion"] = version });

    [Fact]
    public async Task Concurrent_first_requests_share_one_registry_read()
    {
        _registry.Set(ChampionAt(1, 1));
        _registry.Hold();
        var catalog = Catalog();
        var requests = Enumerable.Range(0, 20).Select(_ => catalog.Resolve(Churn, Champion).AsTask()).ToArray();
        _registry.Release();

        Assert.All(await Task.WhenAll(requests).WaitAsync(Bounded), v => Assert.Equal(1, v.Version));
        Assert.Equal(1, _registry.SnapshotReads);
        Assert.Equal(1, _registry.VersionReads);
    }

    [Fact]
    public async Task A_young_snapshot_is_served_without_reading_the_registry()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        await catalog.Resolve(Churn, Champion);
        _clock.Advance(Interval * 0.4);
        await catalog.Resolve(Churn, Champion);
        Assert.Equal(1, _registry.SnapshotReads);
    }

    [Fact]
    public async Task Past_half_its_interval_a_snapshot_is_served_at_once_and_reread_in_the_background()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        await catalog.Resolve(Churn, Champion);
        _registry.Set(ChampionAt(2, 2));
        _registry.Hold();
        _clock.Advance(Interval * 0.75);

        // The read is held open, yet the request is answered from the snapshot in hand.
        Assert.Equal(1, (await catalog.Resolve(Churn, Champion).AsTask().WaitAsync(Bounded)).Version);
        _registry.Release();
        await Eventually(async () => (await catalog.Resolve(Churn, Champion)).Version == 2);
    }

    [Fact]
    public async Task Past_its_interval_a_snapshot_is_read_again_before_serving()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        await catalog.Resolve(Churn, Champion);
        _registry.Set(ChampionAt(2, 2));
        _clock.Advance(Interval * 1.5);

        Assert.Equal(2, (await catalog.Resolve(Churn, Champion)).Version);
    }

    [Fact]
    public async Task A_slow_registry_never_stalls_a_request_that_a_previous_snapshot_can_serve()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog(staleRefreshWait: TimeSpan.Zero);
        await catalog.Resolve(Churn, Champion);
        _registry.Hold();
        _clock.Advance(Interval * 10);

        Assert.Equal(1, (await catalog.Resolve(Churn, Champion).AsTask().WaitAsync(Bounded)).Version);
        _registry.Release();
    }

    [Fact]
    public async Task A_failing_registry_is_answered_with_the_last_snapshot()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        await catalog.Resolve(Churn, Champion);
        _registry.Fail(new TimeoutException("the model grain did not answer"));
        _clock.Advance(Interval * 10);

        Assert.Equal(1, (await catalog.Resolve(Churn, Champion)).Version);
    }

    [Fact]
    public async Task A_failed_first_read_fails_the_request_and_is_not_remembered()
    {
        _registry.Set(ChampionAt(1, 1));
        _registry.Fail(new TimeoutException("the model grain did not answer"));
        var catalog = Catalog();
        await Assert.ThrowsAsync<TimeoutException>(() => catalog.Resolve(Churn, Champion).AsTask());

        _registry.Fail(null);
        Assert.Equal(1, (await catalog.Resolve(Churn, Champion)).Version);
    }

    [Fact]
    public async Task A_pushed_snapshot_is_served_without_a_read()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        await catalog.Resolve(Churn, Champion);

        catalog.Apply(ChampionAt(2, 2));

        Assert.Equal(2, (await catalog.Resolve(Churn, Champion)).Version);
        Assert.Equal(1, _registry.SnapshotReads);
    }

    [Fact]
    public async Task While_an_alias_moves_again_and_again_no_request_waits_for_the_registry()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        await catalog.Resolve(Churn, Champion);
        _registry.Hold(); // from here on, a request that reads the registry would never finish

        for (var move = 2; move <= 41; move++)
        {
            catalog.Apply(ChampionAt(move % 2 == 0 ? 2 : 3, move));
            var served = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => catalog.Resolve(Churn, Champion).AsTask())).WaitAsync(Bounded);
            Assert.All(served, v => Assert.Equal(move % 2 == 0 ? 2 : 3, v.Version));
        }
        Assert.Equal(1, _registry.SnapshotReads);
        _registry.Release();
    }

    [Fact]
    public async Task An_older_revision_never_replaces_a_newer_one()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        await catalog.Resolve(Churn, Champion);

        // A read that reached the registry before the change lands after the push of the change.
        _registry.Hold();
        var refresh = catalog.Refresh(Churn);
        catalog.Apply(ChampionAt(3, 3));
        catalog.Apply(ChampionAt(2, 2));
        _registry.Release();
        await refresh.WaitAsync(Bounded);

        Assert.Equal(3, (await catalog.Resolve(Churn, Champion)).Version);
    }

    [Fact]
    public async Task Refresh_reads_the_registry_now_even_while_an_older_read_is_in_flight()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        await catalog.Resolve(Churn, Champion);
        _registry.Hold();
        _clock.Advance(Interval * 0.75);
        await catalog.Resolve(Churn, Champion); // starts a background read that is held open
        _registry.Release();

        _registry.Set(ChampionAt(2, 2));
        await catalog.Refresh(Churn).WaitAsync(Bounded);

        Assert.Equal(2, (await catalog.Resolve(Churn, Champion)).Version);
    }

    [Fact]
    public async Task A_missing_model_is_remembered_briefly_and_a_pushed_creation_ends_it_at_once()
    {
        var catalog = Catalog();
        await Assert.ThrowsAsync<ModelNotFoundException>(() => catalog.Resolve(Churn, Champion).AsTask());
        await Assert.ThrowsAsync<ModelNotFoundException>(() => catalog.Resolve(Churn, Champion).AsTask());
        Assert.Equal(1, _registry.SnapshotReads);

        catalog.Apply(ChampionAt(1, 1));
        Assert.Equal(1, (await catalog.Resolve(Churn, Champion)).Version);
    }

    [Fact]
    public void A_push_for_a_model_the_catalog_never_served_is_not_kept()
    {
        var catalog = Catalog();
        catalog.Apply(ChampionAt(1, 1));
        Assert.Equal(0, catalog.CachedModels);
    }

    [Fact]
    public async Task A_version_added_elsewhere_whose_push_is_still_in_flight_is_found_by_asking_the_registry()
    {
        _registry.Set(Snapshots.Of("churn", 1, Snapshots.Ready(1)));
        var catalog = Catalog();
        await catalog.Resolve(Churn, VersionSelector.ForVersion(1));
        _registry.Set(Snapshots.Of("churn", 2, Snapshots.Ready(1, 2)));

        Assert.Equal(2, (await catalog.Resolve(Churn, VersionSelector.ForVersion(2))).Version);
        Assert.Equal(2, _registry.SnapshotReads);
    }

    [Fact]
    public async Task A_version_the_registry_confirms_missing_is_not_found()
    {
        _registry.Set(Snapshots.Of("churn", 1, Snapshots.Ready(1)));
        var catalog = Catalog();
        await catalog.Resolve(Churn, VersionSelector.ForVersion(1));

        var error = await Assert.ThrowsAsync<VersionNotFoundException>(() => catalog.Resolve(Churn, VersionSelector.ForVersion(7)).AsTask());
        Assert.Equal("7", error.Target);
        Assert.Equal(2, _registry.SnapshotReads);
    }

    [Fact]
    public async Task A_missing_model_is_read_again_after_its_short_ttl()
    {
        var catalog = Catalog();
        await Assert.ThrowsAsync<ModelNotFoundException>(() => catalog.Resolve(Churn, Champion).AsTask());
        _registry.Set(ChampionAt(1, 1));
        _clock.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal(1, (await catalog.Resolve(Churn, Champion)).Version);
    }

    [Fact]
    public async Task Unknown_names_cannot_grow_the_catalog_past_its_bound()
    {
        var catalog = Catalog(maxModels: 50);
        for (var i = 0; i < 2000; i++)
        {
            await Assert.ThrowsAsync<ModelNotFoundException>(() => catalog.Resolve(ModelRef.Create(Snapshots.Tenant, $"nope{i}"), Champion).AsTask());
        }
        Assert.Equal(50, catalog.CachedModels);
    }

    [Fact]
    public async Task A_resolved_version_carries_its_aliases_from_the_current_snapshot()
    {
        _registry.Set(ChampionAt(1, 1));
        var catalog = Catalog();
        Assert.Equal(["champion"], (await catalog.Resolve(Churn, VersionSelector.ForVersion(1))).Aliases);

        catalog.Apply(ChampionAt(2, 2));

        Assert.Empty((await catalog.Resolve(Churn, VersionSelector.ForVersion(1))).Aliases);
        Assert.Equal(1, _registry.VersionReads); // details are immutable: read once
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Bounded);
        while (!await condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
