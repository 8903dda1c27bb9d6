using System.Globalization;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Endpoints;

public sealed class SegmentNodeTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly string _wide = RestCalls.UniqueName("wide");
    private readonly string _risky = RestCalls.UniqueName("risky");
    private readonly string _usual = RestCalls.UniqueName("usual");
    private readonly string _accounts = RestCalls.UniqueName("acct");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_wide, EndpointModels.Steep);
        await Http.RegisterModel(_risky, EndpointModels.Leaning);
        await Http.RegisterModel(_usual, EndpointModels.Binary);
        await Http.CreateAccounts(_accounts, "risk");
        await Http.PushAccounts(_accounts, new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["low"] = new Dictionary<string, double> { ["risk"] = 0.2 },
            ["high"] = new Dictionary<string, double> { ["risk"] = 0.9 },
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_segment_routes_each_row_by_the_first_rule_that_holds_on_a_request_value_or_an_enriched_feature_else_the_default()
    {
        var name = RestCalls.UniqueName("seg");
        await Http.PutEndpoint(name, $$$$$"""
            {"enrich": [{"featureSet": "{{{{{_accounts}}}}}", "entity": "cardId", "features": ["risk"], "missing": "default", "default": 0}],
             "graph": {"segment": {"rules": [
                {"when": "X1 > 1", "node": {"model": "{{{{{_wide}}}}}@1"}},
                {"when": "risk > 0.5", "node": {"model": "{{{{{_risky}}}}}@1"}}],
              "default": {"model": "{{{{{_usual}}}}}@1"}}}}
            """);
        // (card, X1, X2, the rule that routes it): X1 > 1 wins before risk; an unknown card has risk 0 (the default).
        (string Card, float X1, float X2, string Route)[] rows =
        [
            ("high", 1.5f, -0.5f, "rules[0]"),
            ("low", 1.2f, 0.5f, "rules[0]"),
            ("high", 0.5f, 1.5f, "rules[1]"),
            ("high", -1.5f, -0.25f, "rules[1]"),
            ("low", 0.5f, 1.5f, "default"),
            ("nobody", -0.3f, 0.7f, "default"),
            ("low", 1f, 1f, "default"),
        ];

        var scored = await Http.ScoreEndpoint(name, rows.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $$$$$"""{"cardId": "{{{{{r.Card}}}}}", "X1": {{{{{r.X1:R}}}}}, "X2": {{{{{r.X2:R}}}}}}""")));

        var predictions = scored["predictions"]!.AsArray();
        var routes = scored["routes"]!.AsArray();
        for (var i = 0; i < rows.Length; i++)
        {
            var (model, artifact) = rows[i].Route switch
            {
                "rules[0]" => (_wide, EndpointModels.Steep),
                "rules[1]" => (_risky, EndpointModels.Leaning),
                _ => (_usual, EndpointModels.Binary),
            };
            Assert.Equal(rows[i].Route, (string?)routes[i]!["segment"]);
            Assert.Equal(model, (string?)routes[i]!["model"]);
            var expected = EndpointModels.Classify(artifact, rows[i].X1, rows[i].X2);
            Assert.Equal(expected.Probability, predictions[i]!["Probability"].Float());
            Assert.Equal(expected.PredictedLabel, (bool)predictions[i]!["PredictedLabel"]!);
        }
    }
}
