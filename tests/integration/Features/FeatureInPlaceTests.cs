using System.Diagnostics;
using Mle.Features;
using Mle.Tests.Integration.Cluster;

namespace Mle.Tests.Integration.Features;

/// <summary>
/// How the feature mart reaches entities without a call per entity, counted by each silo's <see cref="FeatureCallCounts"/>:
/// in place on their own silo, one call per other silo, and what that means for idle entities.
/// </summary>
public sealed class FeatureInPlaceTests
{
    private static readonly FeatureSetSpec Card = new(
        "cardId",
        [new RawFeature("amount", FeatureType.Float)],
        [new AggregateFeature("amount_sum_10m", "amount", AggregateFunction.Sum, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1))],
        AllowedLateness: TimeSpan.FromMinutes(1));

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_batch_over_two_silos_costs_one_call_to_the_other_silo_and_no_call_per_active_entity()
    {
        await using var platform = await PlatformCluster.StartAsync(2);
        const int Entities = 40;
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        await platform.Features(0).CreateAsync("card", Card);
        var counts = new[] { platform.Service<FeatureCallCounts>(0), platform.Service<FeatureCallCounts>(1) };

        var beforePush = Snapshot(counts);
        var pushed = await platform.Features(0).PushAsync("card", [.. Enumerable.Range(0, Entities * 2).Select(i =>
            new FeatureEvent($"e{i}", $"c{i % Entities}", t.AddSeconds(i % 7), new Dictionary<string, FeatureValue> { ["amount"] = (double)i }))]);
        var set = SetOf(platform, 0, 1);
        var here = new[] { platform.Service<ActiveEntities>(0).Count(set), platform.Service<ActiveEntities>(1).Count(set) };

        Assert.Equal(Entities * 2, pushed.Applied);
        Assert.Equal(Entities, here[0] + here[1]);
        Assert.True(here[0] > 0 && here[1] > 0, $"The entities are not spread over both silos: {here[0]} and {here[1]}.");
        // Write-through: each entity's grain is called (it writes its state), but silo 1's entities by silo 1, sent there in one call.
        Assert.Equal((1, here[0]), Since(beforePush, counts, 0));
        Assert.Equal((0, here[1]), Since(beforePush, counts, 1));

        var beforeLookup = Snapshot(counts);
        var lookup = await platform.Features(1).LookupAsync("card", [.. Enumerable.Range(0, Entities).Select(i => $"c{i}")], ["amount", "amount_sum_10m"]);
        var unknown = await platform.Features(1).LookupAsync("card", [.. Enumerable.Range(0, 20).Select(i => $"x{i}")], ["amount"]);

        Assert.Equal(
            // amount: the event with the later time (of i and i + 40, timed i % 7 seconds), the later arrival on a tie.
            string.Join(" ", Enumerable.Range(0, Entities).Select(i => $"c{i}={((i + Entities) % 7 >= i % 7 ? i + Entities : i)}/{i + i + Entities}")),
            string.Join(" ", lookup.Rows.Select(r => $"{r.Entity}={r.Values[0]}/{r.Values[1]}")));
        Assert.All(unknown.Rows, r => Assert.Equal(FeatureStatus.NotFound, r.Statuses[0]));
        // Entities active nowhere are called by their home silo: the other silo's are still sent there in one call.
        var (siloCalls, entityCalls) = Since(beforeLookup, counts, 1);
        var (otherSiloCalls, otherEntityCalls) = Since(beforeLookup, counts, 0);
        Assert.Equal((2, 0), (siloCalls, otherSiloCalls));
        Assert.Equal(20, entityCalls + otherEntityCalls);
        Assert.True(entityCalls < 20 && otherEntityCalls < 20, $"The unknown entities' calls were not spread by home: {entityCalls} and {otherEntityCalls}.");
        Assert.Equal(here[1], counts[1].ReadsInPlace - beforeLookup[1].ReadsInPlace);
        Assert.Equal(here[0], counts[0].ReadsInPlace - beforeLookup[0].ReadsInPlace);
    }

    [Fact]
    public async Task A_write_behind_push_over_two_silos_applies_in_place_with_one_call_to_the_other_silo()
    {
        await using var platform = await PlatformCluster.StartAsync(2, new Dictionary<string, string?> { ["Mle:Features:WriteBehind"] = "00:00:01" });
        const int Entities = 40;
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        await platform.Features(0).CreateAsync("card", Card);
        var counts = new[] { platform.Service<FeatureCallCounts>(0), platform.Service<FeatureCallCounts>(1) };
        await platform.Features(0).PushAsync("card", [.. Enumerable.Range(0, Entities).Select(i =>
            new FeatureEvent($"e{i}", $"c{i}", t, new Dictionary<string, FeatureValue> { ["amount"] = (double)i }))]);

        var before = Snapshot(counts);
        var pushed = await platform.Features(0).PushAsync("card", [.. Enumerable.Range(0, Entities * 2).Select(i =>
            new FeatureEvent(i < Entities ? $"e{i}" : $"f{i}", $"c{i % Entities}", t.AddSeconds(1), new Dictionary<string, FeatureValue> { ["amount"] = 1000.0 }))]);

        Assert.Equal((Entities * 2, Entities, Entities), (pushed.Events, pushed.Applied, pushed.Duplicates));
        Assert.Equal((1, 0), Since(before, counts, 0));
        Assert.Equal((0, 0), Since(before, counts, 1));
        Assert.Equal(Entities, counts[0].WritesInPlace - before[0].WritesInPlace + counts[1].WritesInPlace - before[1].WritesInPlace);
        var lookup = await platform.Features(1).LookupAsync("card", [.. Enumerable.Range(0, Entities).Select(i => $"c{i}")], ["amount_sum_10m"]);
        Assert.Equal(
            string.Join(" ", Enumerable.Range(0, Entities).Select(i => $"c{i}={i + 1000}")),
            string.Join(" ", lookup.Rows.Select(r => $"{r.Entity}={r.Values[0]}")));
    }

    [Fact]
    public async Task An_entity_read_constantly_in_place_stays_active_and_one_not_used_deactivates_and_is_read_from_storage()
    {
        await using var platform = await PlatformCluster.StartAsync(1, new Dictionary<string, string?> { ["Mle:Features:IdleDeactivation"] = "00:00:02" });
        var features = platform.Features(0);
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        await features.CreateAsync("card", Card);
        await features.PushAsync("card", [
            new FeatureEvent("e1", "hot", t, new Dictionary<string, FeatureValue> { ["amount"] = 1.0 }),
            new FeatureEvent("e2", "cold", t, new Dictionary<string, FeatureValue> { ["amount"] = 2.0 })]);
        var active = platform.Service<ActiveEntities>(0);
        var counts = platform.Service<FeatureCallCounts>(0);
        var set = SetOf(platform, 0);
        var hot = active.Find(set, "hot");
        var cold = active.Find(set, "cold");
        Assert.NotNull(hot);
        Assert.NotNull(cold);

        // The hot entity is read in place (no call) until the cold one, used by nobody, has deactivated, then for two
        // more idle timeouts: it is the same activation throughout.
        var calls = counts.EntityCalls;
        var reads = 0;
        var since = Stopwatch.StartNew();
        var coldGoneAt = (TimeSpan?)null;
        while (coldGoneAt is null || since.Elapsed < coldGoneAt + TimeSpan.FromSeconds(4))
        {
            Assert.True(since.Elapsed < Bound, "The unused entity did not deactivate.");
            var row = await features.LookupAsync("card", ["hot"], ["amount"]);
            Assert.Equal(1.0, row.Rows[0].Values[0].Number);
            reads++;
            Assert.Same(hot, active.Find(set, "hot"));
            if (coldGoneAt is null && active.Find(set, "cold") is null)
            {
                coldGoneAt = since.Elapsed;
            }
            await Task.Delay(20);
        }
        Assert.Equal(calls, counts.EntityCalls);
        Assert.True(reads > 10, $"Only {reads} reads.");

        var lookup = await features.LookupAsync("card", ["cold"], ["amount", "amount_sum_10m"]);

        Assert.Equal("2/2", $"{lookup.Rows[0].Values[0]}/{lookup.Rows[0].Values[1]}");
        Assert.Equal(calls + 1, counts.EntityCalls);
        Assert.NotNull(active.Find(set, "cold"));
        Assert.NotSame(cold, active.Find(set, "cold"));

        // Once nobody reads it, the hot entity deactivates too.
        since.Restart();
        while (active.Find(set, "hot") is not null)
        {
            Assert.True(since.Elapsed < Bound, "The entity no longer read did not deactivate.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_write_behind_change_applied_in_place_is_written_when_the_entity_deactivates()
    {
        await using var platform = await PlatformCluster.StartAsync(1, new Dictionary<string, string?>
        {
            ["Mle:Features:IdleDeactivation"] = "00:00:02",
            ["Mle:Features:WriteBehind"] = "01:00:00",
        });
        var features = platform.Features(0);
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        await features.CreateAsync("card", Card);
        await features.PushAsync("card", [new FeatureEvent("e1", "c1", t, new Dictionary<string, FeatureValue> { ["amount"] = 1.0 })]);
        var active = platform.Service<ActiveEntities>(0);
        var counts = platform.Service<FeatureCallCounts>(0);
        var set = SetOf(platform, 0);
        var writes = counts.WritesInPlace;

        await features.PushAsync("card", [new FeatureEvent("e2", "c1", t.AddSeconds(1), new Dictionary<string, FeatureValue> { ["amount"] = 2.0 })]);
        Assert.Equal(writes + 1, counts.WritesInPlace);
        var since = Stopwatch.StartNew();
        while (active.Find(set, "c1") is not null)
        {
            Assert.True(since.Elapsed < Bound, "The entity did not deactivate.");
            await Task.Delay(50);
        }
        var calls = counts.EntityCalls;
        var lookup = await features.LookupAsync("card", ["c1"], ["amount", "amount_sum_10m"]);

        Assert.Equal(calls + 1, counts.EntityCalls);
        Assert.Equal("2/3", $"{lookup.Rows[0].Values[0]}/{lookup.Rows[0].Values[1]}");
    }

    private static FeatureSetRef SetOf(PlatformCluster platform, params int[] silos) =>
        silos.SelectMany(silo => platform.Service<ActiveEntities>(silo).All()).Select(a => a.Set).First(s => s.Name == "card");

    private static (long SiloCalls, long EntityCalls, long ReadsInPlace, long WritesInPlace)[] Snapshot(FeatureCallCounts[] counts) =>
        [.. counts.Select(c => (c.SiloCalls, c.EntityCalls, c.ReadsInPlace, c.WritesInPlace))];

    private static (long SiloCalls, long EntityCalls) Since((long SiloCalls, long EntityCalls, long, long)[] before, FeatureCallCounts[] counts, int silo) =>
        (counts[silo].SiloCalls - before[silo].SiloCalls, counts[silo].EntityCalls - before[silo].EntityCalls);
}
