using Mle.Features;
using Mle.Tests.Integration.Cluster;

namespace Mle.Tests.Integration.Features;

public sealed class FeatureClusterTests
{
    private static readonly FeatureSetSpec Card = new(
        "cardId",
        [new RawFeature("amount", FeatureType.Float)],
        [new AggregateFeature("amount_sum_10m", "amount", AggregateFunction.Sum, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1))],
        AllowedLateness: TimeSpan.FromMinutes(1));

    [Fact]
    public async Task Entities_spread_over_two_silos_are_pushed_through_one_and_looked_up_through_the_other()
    {
        await using var platform = await PlatformCluster.StartAsync(2);
        const int Entities = 40;
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        await platform.Features(0).CreateAsync("card", Card);

        var pushed = await platform.Features(0).PushAsync("card", [.. Enumerable.Range(0, Entities * 2).Select(i =>
            new FeatureEvent($"e{i}", $"c{i % Entities}", t.AddSeconds(i % 7), new Dictionary<string, FeatureValue> { ["amount"] = (double)i }))]);
        var lookup = await platform.Features(1).LookupAsync("card", [.. Enumerable.Range(0, Entities).Select(i => $"c{i}")], ["amount_sum_10m"]);

        Assert.Equal(Entities * 2, pushed.Applied);
        Assert.Equal(
            string.Join(" ", Enumerable.Range(0, Entities).Select(i => $"c{i}={i + i + Entities}")),
            string.Join(" ", lookup.Rows.Select(r => $"{r.Entity}={r.Values[0]}")));
        var management = platform.Service<IGrainFactory>(0).GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics();
        var silos = activations.Where(a => a.GrainType.Contains(nameof(FeatureEntityGrain), StringComparison.Ordinal)).Select(a => a.SiloAddress).Distinct().Count();
        Assert.Equal(2, silos);
    }
}
