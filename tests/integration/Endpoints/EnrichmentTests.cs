using System.Globalization;
using System.Net;
using Mle.Errors;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Endpoints;

public sealed class EnrichmentTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, double>> Accounts = new()
    {
        ["card-1"] = new Dictionary<string, double> { ["X1"] = 1.25 },
        ["card-2"] = new Dictionary<string, double> { ["X1"] = -0.75 },
        ["card-3"] = new Dictionary<string, double> { ["X1"] = 0.1 },
    };

    private readonly string _model = RestCalls.UniqueName("enr");
    private readonly string _accounts = RestCalls.UniqueName("acct");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_model, EndpointModels.Binary);
        await Http.CreateAccounts(_accounts, "X1");
        await Http.PushAccounts(_accounts, Accounts.ToDictionary(a => a.Key, a => a.Value));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Spec(string missing) => $$$$$"""
        {"enrich": [{"featureSet": "{{{{{_accounts}}}}}", "entity": "cardId", "features": ["X1"], {{{{{missing}}}}}}],
         "graph": {"model": "{{{{{_model}}}}}@1"}}
        """;

    private static string Request(string card, float x2) => string.Create(CultureInfo.InvariantCulture, $$$$$"""{"cardId": "{{{{{card}}}}}", "X2": {{{{{x2:R}}}}}}""");

    [Fact]
    public async Task A_row_with_only_the_entity_key_and_request_time_values_is_scored_on_the_looked_up_features_exactly()
    {
        var name = RestCalls.UniqueName("enr");
        await Http.PutEndpoint(name, Spec("\"missing\": \"fail\""));
        var requests = new[] { ("card-1", 0.5f), ("card-2", -1.5f), ("card-3", 2f), ("card-1", -0.25f) };

        var scored = await Http.ScoreEndpoint(name, requests.Select(r => Request(r.Item1, r.Item2)));

        var predictions = scored["predictions"]!.AsArray();
        for (var i = 0; i < requests.Length; i++)
        {
            var (card, x2) = requests[i];
            var x1 = await Http.LookedUpValue(_accounts, card, "X1");
            Assert.Equal(Accounts[card]["X1"], x1);
            var expected = EndpointModels.Classify(EndpointModels.Binary, (float)x1!.Value, x2);
            Assert.Equal(expected.Probability, predictions[i]!["Probability"].Float());
            Assert.Equal(expected.Score, predictions[i]!["Score"].Float());
            Assert.Equal(expected.PredictedLabel, (bool)predictions[i]!["PredictedLabel"]!);
            Assert.Equal(_model, (string?)scored["routes"]![i]!["model"]);
        }
    }

    [Fact]
    public async Task A_missing_feature_declared_fail_is_a_problem_naming_the_entity_and_the_feature_and_changes_nothing()
    {
        var name = RestCalls.UniqueName("enf");
        await Http.PutEndpoint(name, Spec("\"missing\": \"fail\""));
        var before = await Http.Variants(name);

        var problem = await (await Http.ScoreEndpointRaw(name, [Request("card-1", 0.5f), Request("card-unknown", 0.5f)]))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, ErrorCodes.MissingFeature);

        var detail = (string)problem["detail"]!;
        Assert.Contains("card-unknown", detail, StringComparison.Ordinal);
        Assert.Contains("'X1'", detail, StringComparison.Ordinal);
        Assert.Contains(_accounts, detail, StringComparison.Ordinal);
        // Nothing was scored, recorded or created: no model call, no entity made up by the lookup.
        Assert.Equal(before.ToJsonString(), (await Http.Variants(name)).ToJsonString());
        Assert.Null(await Http.LookedUpValue(_accounts, "card-unknown", "X1"));
        var endpoint = await (await Http.GetAsync($"/api/v1/endpoints/{name}")).Json();
        Assert.Equal(1, (int?)endpoint["version"]);
        // The endpoint goes on serving the rows it can.
        var scored = await Http.ScoreEndpoint(name, [Request("card-1", 0.5f)]);
        Assert.Equal(EndpointModels.Classify(EndpointModels.Binary, 1.25f, 0.5f).Probability, scored["predictions"]![0]!["Probability"].Float());
    }

    [Fact]
    public async Task A_missing_feature_declared_default_is_scored_with_the_default()
    {
        var name = RestCalls.UniqueName("end");
        await Http.PutEndpoint(name, Spec("\"missing\": \"default\", \"default\": -0.5"));

        var scored = await Http.ScoreEndpoint(name, [Request("card-unknown", 1f), Request("card-2", 1f), """{"X2": 1}"""]);

        var predictions = scored["predictions"]!.AsArray();
        var byDefault = EndpointModels.Classify(EndpointModels.Binary, -0.5f, 1f);
        Assert.Equal(byDefault.Probability, predictions[0]!["Probability"].Float());
        Assert.Equal(EndpointModels.Classify(EndpointModels.Binary, -0.75f, 1f).Probability, predictions[1]!["Probability"].Float());
        // A row without the entity key has nothing to look up: the default too.
        Assert.Equal(byDefault.Probability, predictions[2]!["Probability"].Float());
    }
}
