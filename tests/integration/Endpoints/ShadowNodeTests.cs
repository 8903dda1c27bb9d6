using System.Net;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Endpoints;

public sealed class ShadowNodeTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly string _primary = RestCalls.UniqueName("prim");
    private readonly string _candidate = RestCalls.UniqueName("cand");
    private readonly string _broken = RestCalls.UniqueName("brok");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_primary, EndpointModels.Binary);
        await Http.RegisterModel(_candidate, EndpointModels.Leaning);
        await Http.RegisterModel(_broken, EndpointModels.Steep);
        Assert.Equal(HttpStatusCode.Created, (await Http.UploadVersion(_broken, EndpointModels.Steep)).StatusCode);
        (await Http.SetAlias(_broken, "candidate", 2)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_shadow_answers_with_its_primary_exactly_records_its_candidates_outputs_and_a_failing_candidate_changes_nothing()
    {
        var name = RestCalls.UniqueName("shd");
        await Http.PutEndpoint(name, $$$$$"""
            {"entityKey": "customerId", "graph": {"shadow": {"primary": {"model": "{{{{{_primary}}}}}@1"},
              "candidates": [{"model": "{{{{{_candidate}}}}}@1"}, {"model": "{{{{{_broken}}}}}@candidate"}]}}}
            """);
        // The injected failure: the second candidate's alias points at a version now archived, and an alias never serves one.
        (await Http.PostAsync($"/api/v1/models/{_broken}/versions/2/archive", null)).EnsureSuccessStatusCode();
        // The silo's catalog learns of the archive by a push: wait until it refuses the version, as the candidate will.
        await Eventually.Holds(() => Http.PostJson($"/api/v1/models/{_broken}@candidate/score", """{"rows": [{"X1": 0, "X2": 0}]}"""),
            response => !response.IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the archived version refused");
        var rows = EndpointCalls.Spread(12);

        var scored = await Http.ScoreEndpoint(name, rows.Select(r => EndpointCalls.Row(r.Customer, r.X1, r.X2)));

        var predictions = scored["predictions"]!.AsArray();
        var routes = scored["routes"]!.AsArray();
        for (var i = 0; i < rows.Length; i++)
        {
            var expected = EndpointModels.Classify(EndpointModels.Binary, rows[i].X1, rows[i].X2);
            Assert.Equal(expected.Probability, predictions[i]!["Probability"].Float());
            Assert.Equal(expected.Score, predictions[i]!["Score"].Float());
            Assert.Equal(expected.PredictedLabel, (bool)predictions[i]!["PredictedLabel"]!);
            // The route names only what answered: the primary's model.
            Assert.Equal(_primary, (string?)routes[i]!["model"]);
            Assert.Equal(1, (int?)routes[i]!["version"]);
        }

        // Candidates score off the request path: their numbers show once the shadow backlog has run them.
        var variants = await Eventually.Holds(() => Http.Variants(name),
            all => all.Variant("graph", "shadow", "candidates[0]") is { } good && (long)good["calls"]! == 1
                && all.Variant("graph", "shadow", "candidates[1]") is { } bad && (long)bad["calls"]! == 1,
            TimeSpan.FromSeconds(30), "both shadow candidates' calls");
        var candidate = variants.Variant("graph", "shadow", "candidates[0]")!;
        var outputs = rows.Select(r => (double)EndpointModels.Classify(EndpointModels.Leaning, r.X1, r.X2).Probability).ToList();
        Assert.Equal(rows.Length, (long)candidate["rows"]!);
        Assert.Equal(0, (long)candidate["errors"]!);
        Assert.Equal(rows.Length, (long)candidate["scores"]!["count"]!);
        Assert.Equal(outputs.Min(), (double)candidate["scores"]!["min"]!);
        Assert.Equal(outputs.Max(), (double)candidate["scores"]!["max"]!);
        Assert.Equal(outputs.Average(), (double)candidate["scores"]!["mean"]!, 9);
        var broken = variants.Variant("graph", "shadow", "candidates[1]")!;
        Assert.Equal(1, (long)broken["errors"]!);
        Assert.Equal(0, (long)broken["scores"]!["count"]!);
        var primary = variants.Variant("graph", "shadow", "primary")!;
        Assert.Equal(0, (long)primary["errors"]!);
        Assert.Equal(rows.Length, (long)primary["rows"]!);

        // Again, with the failing candidate known to fail: the primary's answer is the same, byte for byte.
        var again = await Http.ScoreEndpoint(name, rows.Select(r => EndpointCalls.Row(r.Customer, r.X1, r.X2)));
        Assert.Equal(predictions.ToJsonString(), again["predictions"]!.ToJsonString());
    }
}
