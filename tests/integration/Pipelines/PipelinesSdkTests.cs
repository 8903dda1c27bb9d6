using Mle.Client;
using Mle.Errors;
using Mle.Features;
using Mle.Pipelines;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Security;

namespace Mle.Tests.Integration.Pipelines;

public sealed class PipelinesSdkTests(PipelinesSilo fixture) : IClassFixture<PipelinesSilo>
{
    [Fact]
    public async Task The_sdk_builds_deploys_feeds_and_reads_a_pipeline_through_the_gateway_with_typed_errors()
    {
        await using var client = await SdkClient.Connect(fixture.Silo, fixture.Silo.AdminKey);
        var name = RestCalls.UniqueName("sdk");
        var definition = new PipelineBuilder(name)
            .WithSchema(new Dictionary<string, string> { ["X1"] = "number", ["X2"] = "number" })
            .Filter("big", "X1 > 0.5")
            .Score("score", $"{PipelinesSilo.Model}@champion")
            .ToWebhook("out", fixture.Receiver.Url);

        var created = await client.Pipelines.CreateAsync(definition);
        await Assert.ThrowsAsync<PipelineStateConflictException>(() => client.Pipelines.ResumeAsync(name));
        var deployed = await client.Pipelines.DeployAsync(name);
        var admission = await client.Pipelines.PushAsync(name,
        [
            new FeatureEvent("s1", "", DateTimeOffset.UtcNow, new Dictionary<string, FeatureValue> { ["X1"] = 0.9, ["X2"] = 0.1 }),
            new FeatureEvent("s2", "", DateTimeOffset.UtcNow, new Dictionary<string, FeatureValue> { ["X1"] = 0.2, ["X2"] = 0.1 }),
        ]);
        var status = await Eventually.Holds(() => client.Pipelines.GetAsync(name), s => s.Counters.In == 2 && s.InFlight == 0, PipelineCalls.Patience, "processing");

        Assert.Equal((PipelineState.Draft, 1), (created.State, created.LatestVersion));
        Assert.Equal((PipelineState.Running, (int?)1), (deployed.State, deployed.DeployedVersion));
        Assert.Equal(PipelineState.Running, admission.State);
        Assert.Equal(new PipelineCounters(2, 1, 1, 0, 0), status.Counters);
        Assert.Equal(["big", "score", "out"], status.Steps.Select(s => s.Step));
        Assert.Equal(name, (await client.Pipelines.VersionsAsync(name)).Single().Definition.Name);
        Assert.Contains((await client.Pipelines.ListAsync(new Paging.PageRequest(Query: name))).Items, p => p.Name == name);
        Assert.Empty((await client.Pipelines.DeadLettersAsync(name)).Items);
        var invalid = await Assert.ThrowsAsync<InvalidPipelineException>(() => client.Pipelines.CreateAsync(new PipelineBuilder(name).Filter("f", "nope > 1").Score("s", "missing")));
        Assert.True(invalid.Problems.Count >= 2, invalid.Message);
        Assert.Equal(PipelineState.Stopped, (await client.Pipelines.StopAsync(name)).State);
        await client.Pipelines.DeleteAsync(name);
        await Assert.ThrowsAsync<PipelineNotFoundException>(() => client.Pipelines.GetAsync(name));
    }
}
