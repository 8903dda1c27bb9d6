using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Endpoints;

public sealed class ChainNodeTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly string _classifier = RestCalls.UniqueName("first");
    private readonly string _follower = RestCalls.UniqueName("second");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_classifier, EndpointModels.Binary);
        await Http.RegisterModel(_follower, EndpointModels.Follower);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_chain_feeds_the_first_model_s_outputs_to_the_second_by_column_name_and_answers_the_second_s_exactly()
    {
        var name = RestCalls.UniqueName("chn");
        var put = await Http.PutEndpoint(name, $$$$$"""{"graph": {"chain": [{"model": "{{{{{_classifier}}}}}@1"}, {"model": "{{{{{_follower}}}}}@1"}]}}""");
        Assert.Equal(1, (int?)put["version"]);
        var rows = EndpointCalls.Spread(16);

        // The request carries X1 and X2 only: the second step's Probability is the first step's answer.
        var scored = await Http.ScoreEndpoint(name, rows.Select(r => EndpointCalls.Row(r.Customer, r.X1, r.X2)));

        var predictions = scored["predictions"]!.AsArray();
        var routes = scored["routes"]!.AsArray();
        for (var i = 0; i < rows.Length; i++)
        {
            var first = EndpointModels.Classify(EndpointModels.Binary, rows[i].X1, rows[i].X2);
            var only = Assert.Single(predictions[i]!.AsObject());
            Assert.Equal("Score", only.Key);
            Assert.Equal(EndpointModels.Follow(first.Probability, rows[i].X2), only.Value.Float());
            Assert.Equal([_classifier, _follower], routes[i]!["models"]!.AsArray().Select(m => (string)m!["model"]!));
        }
    }
}
