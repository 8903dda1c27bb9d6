using Mle.Client;
using Mle.Data;
using Mle.Endpoints;
using Mle.Tests.Integration.Cluster;

namespace Mle.Tests.Integration.Endpoints;

public sealed class EndpointClusterTests
{
    [Fact]
    public async Task Sticky_assignment_is_the_same_on_both_silos_and_within_five_points_of_the_weights()
    {
        await using var platform = await PlatformCluster.StartAsync(2);
        await platform.Models(0).CreateAsync("churn");
        await platform.Models(0).RegisterClassifier("churn");
        await platform.Models(0).RegisterClassifier("churn");
        // Built with the SDK's typed nodes: the same JSON as a REST PUT.
        var spec = new EndpointSpecBuilder(EndpointNodes.Split(
            EndpointNodes.Variant("a", 30, EndpointNodes.Model("churn@1")),
            EndpointNodes.Variant("b", 70, EndpointNodes.Model("churn@2"))))
        { EntityKey = "customerId" };
        var put = await platform.Service<IMleClient>(0).Endpoints.PutAsync("ab", spec);
        Assert.Equal(1, put.Version);

        var keys = Enumerable.Range(0, 200).Select(i => $"customer-{i}").ToArray();
        var rows = new ColumnBatch(keys.Length, [Column.Create("customerId", 1, keys),
            Column.Create("X1", 1, keys.Select(_ => 0.5f).ToArray()), Column.Create("X2", 1, keys.Select(_ => -1f).ToArray())]);
        var one = await Eventually.Holds(() => platform.Service<IMleClient>(0).Endpoints.ScoreAsync("ab", rows), _ => true, TimeSpan.FromSeconds(30), "scoring on silo 0");
        var two = await Eventually.Holds(() => platform.Service<IMleClient>(1).Endpoints.ScoreAsync("ab", rows), _ => true, TimeSpan.FromSeconds(30), "scoring on silo 1");

        Assert.Equal(one.Routes.Select(r => r.Steps["variant"]), two.Routes.Select(r => r.Steps["variant"]));
        Assert.All(one.Routes, r => Assert.Equal(r.Steps["variant"] == "a" ? 1 : 2, Assert.Single(r.Models).Version));
        var first = await platform.Service<EndpointCatalog>(0).Find("default", "ab", CancellationToken.None);
        var second = await platform.Service<EndpointCatalog>(1).Find("default", "ab", CancellationToken.None);
        var entities = Enumerable.Range(0, 10_000).Select(i => $"entity-{i}").ToList();
        var onFirst = entities.Select(e => first.Assignments(e)["graph"]).ToList();
        Assert.Equal(onFirst, entities.Select(e => second.Assignments(e)["graph"]));
        Assert.InRange(onFirst.Count(v => v == "a") / 100.0, 25, 35);
    }
}
