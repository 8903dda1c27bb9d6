using Microsoft.Extensions.Options;
using Mle.Naming;
using Mle.Serving;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// A catalog that gets no push (as in an out-of-process SDK client) sees a change once its refresh interval
/// has passed, and not before: staleness is bounded by the interval.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class CatalogRefreshTests(RegistryCluster cluster)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly VersionSelector Champion = VersionSelector.ForAlias("champion");

    [Fact]
    public async Task Without_push_an_alias_move_is_seen_after_the_refresh_interval()
    {
        var (catalog, clock, model) = await ChampionMovedBehindACatalog("refresh");
        clock.Advance(Interval / 2);
        var stale = await catalog.Resolve(model, Champion);
        clock.Advance(Interval);
        var fresh = await catalog.Resolve(model, Champion);

        Assert.Equal(1, stale.Version);
        Assert.Equal(2, fresh.Version);
        Assert.Equal(["champion"], fresh.Aliases);
    }

    [Fact]
    public async Task Past_half_the_interval_a_snapshot_is_served_while_it_is_reread_in_the_background()
    {
        var (catalog, clock, model) = await ChampionMovedBehindACatalog("ahead");
        clock.Advance(Interval * 0.75);
        // Served at once from the snapshot in hand; the re-read it starts lands without the clock moving on.
        Assert.Equal(1, (await catalog.Resolve(model, Champion)).Version);
        await Eventually.Holds(async () => (await catalog.Resolve(model, Champion)).Version, version => version == 2,
            TimeSpan.FromSeconds(10), "the background re-read");
    }

    /// <summary>
    /// A model with two versions whose champion moves from 1 to 2 after a catalog on the other silo, one that
    /// gets no push, has read it; the catalog's clock moves only when the test says.
    /// </summary>
    private async Task<(ModelCatalog Catalog, ManualClock Clock, ModelRef Model)> ChampionMovedBehindACatalog(string prefix)
    {
        var name = Registration.UniqueName(prefix);
        var models = cluster.Models(0);
        await models.CreateAsync(name);
        await models.RegisterClassifier(name);
        await models.RegisterClassifier(name);
        await models.SetAliasAsync(name, "champion", 1);
        var clock = new ManualClock();
        var catalog = new ModelCatalog(cluster.Service<IGrainFactory>(1), Options.Create(new CatalogOptions { CatalogRefreshInterval = Interval, StaleRefreshWait = TimeSpan.FromSeconds(30) }), clock);
        var model = ModelRef.Create(Names.DefaultTenant, name);
        Assert.Equal(1, (await catalog.Resolve(model, Champion)).Version);

        await models.SetAliasAsync(name, "champion", 2);
        return (catalog, clock, model);
    }

    [Fact]
    public async Task Concurrent_misses_share_one_read_of_the_model()
    {
        var name = Registration.UniqueName("shared");
        await cluster.Models(0).CreateAsync(name);
        await cluster.Models(0).RegisterClassifier(name);
        using var meter = new System.Diagnostics.Metrics.Meter("test." + name);
        var reads = meter.CreateCounter<long>("reads");
        long counted = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument == reads) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        var catalog = new ModelCatalog(cluster.Service<IGrainFactory>(0), Options.Create(new CatalogOptions()), new ManualClock(), reads);
        var model = ModelRef.Create(Names.DefaultTenant, name);

        var resolved = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => catalog.Resolve(model, VersionSelector.ForVersion(1)).AsTask()));

        Assert.All(resolved, v => Assert.Equal(1, v.Version));
        Assert.Equal(1, Interlocked.Read(ref counted));
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
