using Mle.Client;
using Mle.Features;
using Mle.Pipelines;
using Mle.Tests.Integration.Cluster;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>
/// Issue 9, elastic: one pipeline's events pushed through two silos, its partitions placed over both, and both silos
/// processing them, as the pipeline's status shows a user (<c>silos</c>: events processed per silo).
/// </summary>
public sealed class PipelineClusterTests
{
    [Fact]
    public async Task A_two_silo_cluster_processes_one_pipelines_events_on_both_silos_with_none_lost()
    {
        // 32 partitions, placed over the 2 silos.
        await using var platform = await PlatformCluster.StartAsync(2, new Dictionary<string, string?> { ["Mle:Pipelines:Partitions"] = "32" });
        var pipelines = platform.Service<IMleClient>(0).Pipelines;
        var name = Api.RestCalls.UniqueName("elastic");
        await pipelines.CreateAsync(new PipelineBuilder(name)
            .WithSchema(new Dictionary<string, string> { ["X1"] = "number" })
            .Map("double", ("Y", "X1 * 2")));
        await pipelines.DeployAsync(name);

        // Pushed through both silos, 200 entities, in pushes of 5: a pipeline of stateless steps puts each push whole
        // onto one partition, the next push onto the next, so each silo's 20 pushes cover 20 partitions.
        for (var silo = 0; silo < 2; silo++)
        {
            var events = Enumerable.Range(silo * 100, 100)
                .Select(i => new FeatureEvent($"e{i}", $"k{i}", DateTimeOffset.UtcNow, new Dictionary<string, FeatureValue> { ["X1"] = i }))
                .ToList();
            foreach (var push in events.Chunk(5))
            {
                await platform.Service<IMleClient>(silo).Pipelines.PushAsync(name, push);
            }
        }
        var status = await Eventually.Holds(() => pipelines.GetAsync(name), s => s.Counters.In == 200 && s.InFlight == 0, PipelineCalls.Patience, "processing");

        Assert.Equal(new PipelineCounters(200, 200, 0, 0, 0), status.Counters);
        // At least 20 of the 32 partitions, placed at random over 2 silos, all on one: a chance of at most 2 in 2^20.
        var silos = status.Silos!;
        Assert.Equal(
            platform.Cluster.Silos.Select(s => s.SiloAddress.ToString()).Order(StringComparer.Ordinal),
            silos.Select(s => s.Silo).Order(StringComparer.Ordinal));
        Assert.All(silos, s => Assert.True(s.Events > 0, $"{s.Silo} processed none"));
        Assert.Equal(200, silos.Sum(s => s.Events));
    }
}
