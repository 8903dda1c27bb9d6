using Mle.Data;
using Mle.Endpoints;

namespace Mle.Tests.Unit.Endpoints;

public sealed class DynamicBatchingTests
{
    [Fact]
    public async Task Requests_that_fill_a_batch_are_scored_in_one_call_and_each_gets_its_own_rows()
    {
        await using var world = new EndpointWorld();
        // A delay far beyond the test: only a full batch can make it go.
        var endpoint = await world.Put("b", """{"graph": {"model": "m"}, "batching": {"maxBatchSize": 4, "maxQueueDelayMs": 10000}}""");

        var scores = await Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
            world.Score(endpoint, EndpointWorld.Floats("A", i / 10f), EndpointWorld.Floats("B", 1f))));

        var call = Assert.Single(world.Models.Calls);
        Assert.Equal(4, call.Rows);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1, scores[i].RowCount);
            var (outputs, at) = scores[i].Prediction(0);
            Assert.Equal((i + 1) / 10f, ((Column<float>)outputs["Probability"]).Values[at]);
            // The tensor protocol's view of the same answer: the request's own row only.
            Assert.Equal([(i + 1) / 10f], ((Column<float>)scores[i].Merged()["Probability"]).Values);
        }
        var batches = world.Metrics.Snapshot(EndpointWorld.Tenant, "b")[EndpointServing.DynamicBatchKey];
        Assert.Equal((1, 4), (batches.Calls, batches.Rows));
    }

    [Fact]
    public async Task A_lone_request_goes_after_the_delay()
    {
        await using var world = new EndpointWorld();
        var endpoint = await world.Put("b", """{"graph": {"model": "m"}, "batching": {"maxBatchSize": 64, "maxQueueDelayMs": 1}}""");

        var score = await world.Score(endpoint, EndpointWorld.Floats("A", 0.5f), EndpointWorld.Floats("B", 0.5f));

        Assert.Equal(1, score.RowCount);
        Assert.Equal(1, Assert.Single(world.Models.Calls).Rows);
    }

    [Fact]
    public async Task Without_batching_each_request_is_scored_alone()
    {
        await using var world = new EndpointWorld();
        var endpoint = await world.Put("b", """{"graph": {"model": "m"}}""");

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => world.Score(endpoint, EndpointWorld.Floats("A", 0.5f), EndpointWorld.Floats("B", 0.5f))));

        Assert.Equal(3, world.Models.Calls.Count);
    }
}
