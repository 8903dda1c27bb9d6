using Mle.Data;
using Mle.Endpoints;

namespace Mle.Tests.Unit.Endpoints;

public sealed class EndpointRoutingTests : IAsyncLifetime
{
    private const string AbSpec = """
        {"entityKey": "customerId", "graph": {"split": {"variants": [
            {"name": "a", "weight": 30, "node": {"model": "t@1"}},
            {"name": "b", "weight": 70, "node": {"model": "t@2"}}]}}}
        """;

    private readonly EndpointWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    private static float Probability(EndpointScore score, int row)
    {
        var (outputs, at) = score.Prediction(row);
        return ((Column<float>)outputs["Probability"]).Values[at];
    }

    [Fact]
    public async Task Each_row_is_scored_by_its_variant_and_its_route_names_the_variant_model_and_version()
    {
        var endpoint = await _world.Put("ab", AbSpec);
        var keys = Enumerable.Range(0, 40).Select(i => $"c{i}").ToArray();

        var score = await _world.Score(endpoint, EndpointWorld.Strings("customerId", keys),
            EndpointWorld.Floats("A", [.. keys.Select(_ => 0.25f)]), EndpointWorld.Floats("B", [.. keys.Select(_ => 0.75f)]));

        for (var row = 0; row < keys.Length; row++)
        {
            var route = score.Routes[row];
            var variant = route["variant"];
            Assert.Equal(endpoint.Assignments(keys[row])["graph"], variant);
            Assert.Equal(("t", variant == "a" ? 1 : 2), Assert.Single(route.Models));
            // t@1 answers A, t@2 answers B.
            Assert.Equal(variant == "a" ? 0.25f : 0.75f, Probability(score, row));
        }
        Assert.Contains(score.Routes, r => r["variant"] == "a");
        Assert.Contains(score.Routes, r => r["variant"] == "b");
    }

    [Fact]
    public async Task Rows_going_to_the_same_model_version_are_scored_in_one_call()
    {
        // Both variants and both ensemble members end at m@1: one call for all rows of the request.
        var endpoint = await _world.Put("same", """
            {"entityKey": "customerId", "graph": {"split": {"variants": [
                {"name": "a", "weight": 50, "node": {"model": "m"}},
                {"name": "b", "weight": 50, "node": {"ensemble": {"combine": "mean", "output": "Probability", "members": [{"node": {"model": "m@1"}}, {"node": {"model": "t"}}]}}}]}}}
            """);
        var keys = Enumerable.Range(0, 50).Select(i => $"k{i}").ToArray();

        var score = await _world.Score(endpoint, EndpointWorld.Strings("customerId", keys),
            EndpointWorld.Floats("A", [.. keys.Select(_ => 0.5f)]), EndpointWorld.Floats("B", [.. keys.Select(_ => 0.5f)]));

        var inB = score.Routes.Count(r => r["variant"] == "b");
        var mCall = Assert.Single(_world.Models.Calls, c => c.Model == "m");
        Assert.Equal(keys.Length, mCall.Rows);
        Assert.Equal(inB, Assert.Single(_world.Models.Calls, c => c.Model == "t").Rows);
        Assert.Equal(2, score.ScoreCalls);
    }

    [Fact]
    public async Task Assignment_is_sticky_across_calls_and_across_separately_compiled_copies()
    {
        var first = await _world.Put("ab", AbSpec);
        var second = await new EndpointWorld().Put("ab", AbSpec);
        var keys = Enumerable.Range(0, 200).Select(i => $"customer-{i}").ToArray();

        var one = await _world.Score(first, EndpointWorld.Strings("customerId", keys), EndpointWorld.Floats("A", new float[200]), EndpointWorld.Floats("B", new float[200]));
        var two = await _world.Score(second, EndpointWorld.Strings("customerId", keys), EndpointWorld.Floats("A", new float[200]), EndpointWorld.Floats("B", new float[200]));

        Assert.Equal(one.Routes.Select(r => r["variant"]), two.Routes.Select(r => r["variant"]));
    }

    [Fact]
    public async Task Over_ten_thousand_entities_each_variant_gets_its_weight_within_five_points()
    {
        var endpoint = await _world.Put("ab", AbSpec);

        var inA = Enumerable.Range(0, 10_000).Count(i => endpoint.Assignments($"entity-{i}")["graph"] == "a");

        Assert.InRange(inA / 100.0, 25, 35);
    }

    [Fact]
    public async Task Changing_the_split_s_weights_starts_a_new_assignment_but_changing_a_variant_s_model_does_not()
    {
        var before = await _world.Put("ab", AbSpec);
        var newModel = await _world.Put("ab", AbSpec.Replace("t@2", "m@1", StringComparison.Ordinal));
        var newWeights = await _world.Put("ab", AbSpec.Replace("30", "31", StringComparison.Ordinal).Replace("70", "69", StringComparison.Ordinal));
        var keys = Enumerable.Range(0, 1000).Select(i => $"e{i}").ToList();

        Assert.Equal(keys.Select(k => before.Assignments(k)["graph"]), keys.Select(k => newModel.Assignments(k)["graph"]));
        Assert.NotEqual(keys.Select(k => before.Assignments(k)["graph"]), keys.Select(k => newWeights.Assignments(k)["graph"]));
    }

    [Fact]
    public async Task Rows_without_an_entity_key_are_still_assigned()
    {
        var endpoint = await _world.Put("ab", AbSpec);

        var score = await _world.Score(endpoint, EndpointWorld.Strings("customerId", null, null, null),
            EndpointWorld.Floats("A", 1, 1, 1), EndpointWorld.Floats("B", 0, 0, 0));

        Assert.All(score.Routes, r => Assert.Contains(r["variant"], new[] { "a", "b" }));
    }

    [Fact]
    public async Task A_segment_routes_each_row_by_the_first_rule_that_holds()
    {
        var endpoint = await _world.Put("seg", """
            {"graph": {"segment": {"rules": [{"when": "A > 0.8", "node": {"model": "t@2"}}, {"when": "B > 0.8", "node": {"model": "m"}}], "default": {"model": "t@1"}}}}
            """);

        var score = await _world.Score(endpoint, EndpointWorld.Floats("A", 0.9f, 0.1f, 0.2f), EndpointWorld.Floats("B", 0.9f, 0.9f, 0.3f));

        Assert.Equal(["rules[0]", "rules[1]", "default"], score.Routes.Select(r => r["segment"]));
        Assert.Equal([0.9f, 0.1f * 0.9f, 0.2f], [Probability(score, 0), Probability(score, 1), Probability(score, 2)]);
    }

    [Fact]
    public async Task A_nested_endpoint_scores_with_its_own_graph_and_the_route_names_it()
    {
        await _world.Put("inner", """{"graph": {"model": "m"}}""");
        var outer = await _world.Put("outer", """{"graph": {"chain": [{"endpoint": "inner"}, {"model": "tenfold"}]}}""");

        var score = await _world.Score(outer, EndpointWorld.Floats("A", 0.5f), EndpointWorld.Floats("B", 0.5f));

        var (outputs, at) = score.Prediction(0);
        Assert.Equal(0.5f * 0.5f * 10, ((Column<float>)outputs["Final"]).Values[at]);
        Assert.Equal("inner", score.Routes[0]["endpoint"]);
        Assert.Equal([("m", 1), ("tenfold", 1)], score.Routes[0].Models);
    }
}
