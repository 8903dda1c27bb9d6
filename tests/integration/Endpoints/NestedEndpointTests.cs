using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Endpoints;

public sealed class NestedEndpointTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly string _binary = RestCalls.UniqueName("bin");
    private readonly string _leaning = RestCalls.UniqueName("lean");
    private readonly string _steep = RestCalls.UniqueName("steep");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_binary, EndpointModels.Binary);
        await Http.RegisterModel(_leaning, EndpointModels.Leaning);
        await Http.RegisterModel(_steep, EndpointModels.Steep);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Assigned(string endpoint, string entity) =>
        (string)(await (await Http.GetAsync($"/api/v1/endpoints/{endpoint}/assignments/{entity}")).Json())["variants"]!["graph"]!;

    [Fact]
    public async Task A_nested_endpoint_scores_with_its_own_graph_and_the_route_names_the_path_through_it()
    {
        var inner = RestCalls.UniqueName("inner");
        var outer = RestCalls.UniqueName("outer");
        await Http.PutEndpoint(inner, $$$$$"""
            {"entityKey": "customerId", "graph": {"split": {"variants": [
              {"name": "a", "weight": 50, "node": {"model": "{{{{{_binary}}}}}@1"}}, {"name": "b", "weight": 50, "node": {"model": "{{{{{_leaning}}}}}@1"}}]}}}
            """);
        await Http.PutEndpoint(outer, $$$$$"""
            {"entityKey": "customerId", "graph": {"split": {"variants": [
              {"name": "nested", "weight": 50, "node": {"endpoint": "{{{{{inner}}}}}"}}, {"name": "direct", "weight": 50, "node": {"model": "{{{{{_steep}}}}}@1"}}]}}}
            """);
        var rows = EndpointCalls.Spread(40);

        var scored = await Http.ScoreEndpoint(outer, rows.Select(r => EndpointCalls.Row(r.Customer, r.X1, r.X2)));

        var predictions = scored["predictions"]!.AsArray();
        var routes = scored["routes"]!.AsArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Length; i++)
        {
            var route = routes[i]!;
            var path = await Assigned(outer, rows[i].Customer);
            string model;
            byte[] artifact;
            if (path == "nested")
            {
                // The decision of both splits, outer first, and the nested endpoint's name.
                var variant = await Assigned(inner, rows[i].Customer);
                Assert.Equal($"nested/{variant}", (string?)route["variant"]);
                Assert.Equal(inner, (string?)route["endpoint"]);
                (model, artifact) = variant == "a" ? (_binary, EndpointModels.Binary) : (_leaning, EndpointModels.Leaning);
                seen.Add(variant);
            }
            else
            {
                Assert.Equal("direct", (string?)route["variant"]);
                Assert.Null(route["endpoint"]);
                (model, artifact) = (_steep, EndpointModels.Steep);
            }
            seen.Add(path);
            Assert.Equal(model, (string?)route["model"]);
            var expected = EndpointModels.Classify(artifact, rows[i].X1, rows[i].X2);
            Assert.Equal(expected.Probability, predictions[i]!["Probability"].Float());
            Assert.Equal(expected.PredictedLabel, (bool)predictions[i]!["PredictedLabel"]!);
        }
        // Forty entities reach every arm of both splits.
        Assert.Equal(["a", "b", "direct", "nested"], seen.Order(StringComparer.Ordinal));
    }
}
