using Mle.Data;
using Mle.Endpoints;
using Mle.Errors;

namespace Mle.Tests.Unit.Endpoints;

/// <summary>An endpoint whose whole graph is one model: scored without a graph walk, answering as one would.</summary>
public sealed class SingleModelEndpointTests : IAsyncLifetime
{
    private readonly EndpointWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    private static VariantKey ModelNode(string model) => new("graph", "model", model);

    [Fact]
    public async Task All_rows_are_scored_in_one_call_and_each_route_names_the_model_and_version()
    {
        var endpoint = await _world.Put("one", """{"graph": {"model": "t@2"}}""");

        var score = await _world.Score(endpoint, EndpointWorld.Floats("A", 0.1f, 0.2f, 0.3f), EndpointWorld.Floats("B", 0.7f, 0.8f, 0.9f));

        Assert.Equal(("t", 2, 3), Assert.Single(_world.Models.Calls));
        Assert.Equal(1, score.ScoreCalls);
        for (var row = 0; row < 3; row++)
        {
            var (outputs, at) = score.Prediction(row);
            // t@2 answers B.
            Assert.Equal(0.7f + (row / 10f), ((Column<float>)outputs["Probability"]).Values[at]);
            Assert.Equal(("t", 2), Assert.Single(score.Routes[row].Models));
            Assert.Empty(score.Routes[row].Steps);
            Assert.Equal(("one", ModelNode("t@2")), Assert.Single(score.Routes[row].Variants));
        }
        var stats = _world.Metrics.Snapshot(EndpointWorld.Tenant, "one")[ModelNode("t@2")];
        Assert.Equal((1L, 3L, 0L, 3L), (stats.Calls, stats.Rows, stats.Errors, stats.Scores));
    }

    [Fact]
    public async Task Request_columns_of_another_number_kind_are_converted_as_a_graph_walk_converts_them()
    {
        var endpoint = await _world.Put("one", """{"graph": {"model": "m@1"}}""");

        var score = await _world.Score(endpoint, Column.Create("B", 1, new[] { 0.5 }), Column.Create("A", 1, new[] { 0.25 }));

        var (outputs, at) = score.Prediction(0);
        // m@1 answers A * B, from the float inputs in its own order.
        Assert.Equal(0.125f, ((Column<float>)outputs["Probability"]).Values[at]);
    }

    [Fact]
    public async Task A_request_without_a_column_the_model_needs_is_refused_by_name()
    {
        var endpoint = await _world.Put("one", """{"graph": {"model": "t@1"}}""");

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(() => _world.Score(endpoint, EndpointWorld.Floats("A", 0.5f)));

        Assert.Contains("'B'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Models.Calls);
    }

    [Fact]
    public async Task A_failing_model_fails_the_request_and_counts_an_error()
    {
        var endpoint = await _world.Put("one", """{"graph": {"model": "broken@1"}}""");

        await Assert.ThrowsAsync<MleException>(() => _world.Score(endpoint, EndpointWorld.Floats("A", 0.5f), EndpointWorld.Floats("B", 0.5f)));

        var stats = _world.Metrics.Snapshot(EndpointWorld.Tenant, "one")[ModelNode("broken@1")];
        Assert.Equal((1L, 1L), (stats.Calls, stats.Errors));
    }

    [Fact]
    public async Task Each_row_keeps_its_entity_key_for_feedback()
    {
        var endpoint = await _world.Put("one", """{"entityKey": "customerId", "graph": {"model": "t@1"}}""");

        var score = await _world.Score(endpoint, EndpointWorld.Strings("customerId", "c1", null), EndpointWorld.Floats("A", 0.5f, 0.6f), EndpointWorld.Floats("B", 0.5f, 0.6f));

        Assert.Equal(["c1", null], score.EntityKeys);
        Assert.Equal(2, Assert.Single(_world.Models.Calls).Rows);
    }
}
