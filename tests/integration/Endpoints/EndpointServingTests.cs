using System.Net;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Endpoints;

public sealed class EndpointServingTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private const string OneRow = """{"rows": [{"customerId": "c1", "X1": 0.5, "X2": 1}]}""";
    private readonly string _model = RestCalls.UniqueName("srv");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_model, TestModels.BinaryClassifier);
        Assert.Equal(HttpStatusCode.Created, (await Http.UploadVersion(_model, TestModels.BinaryClassifier)).StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task Put(string name, string spec)
    {
        var response = await Http.PutAsync($"/api/v1/endpoints/{name}", new StringContent(spec, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private string Spec(string description) =>
        """{"description": "DESCRIPTION", "graph": {"model": "MODEL@1"}}""".Replace("DESCRIPTION", description, StringComparison.Ordinal)
            .Replace("MODEL", _model, StringComparison.Ordinal);

    [Fact]
    public async Task A_canary_whose_candidate_fails_is_rolled_back_with_its_numbers_and_no_request_fails()
    {
        var name = RestCalls.UniqueName("can");
        (await Http.SetAlias(_model, "candidate", 2)).EnsureSuccessStatusCode();
        await Put(name, $$$$$$"""
            {"entityKey": "customerId", "graph": {"canary": {"stable": {"model": "{{{{{{_model}}}}}}@1"}, "candidate": {"model": "{{{{{{_model}}}}}}@candidate"}, "percent": 100,
              "rollback": {"maxErrorRate": 0.5, "minRequests": 5}}}}
            """);
        var healthy = await (await Http.PostJson($"/api/v1/endpoints/{name}/score", OneRow)).Json();
        Assert.Equal("candidate", (string?)healthy["routes"]![0]!["canary"]);

        // The injected failure: the candidate's alias now points at an archived version, which is never served.
        (await Http.PostAsync($"/api/v1/models/{_model}/versions/2/archive", null)).EnsureSuccessStatusCode();
        for (var i = 0; i < 12; i++)
        {
            var response = await Http.PostJson($"/api/v1/endpoints/{name}/score", OneRow);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var endpoint = await Eventually.Holds(async () => await (await Http.GetAsync($"/api/v1/endpoints/{name}")).Json(),
            e => e["rollbacks"]!.AsArray().Count == 1, TimeSpan.FromSeconds(30), "the rollback decision");
        var rollback = endpoint["rollbacks"]![0]!;
        Assert.Equal("graph", (string?)rollback["canary"]);
        Assert.True((int)rollback["requests"]! >= 5, rollback.ToJsonString());
        Assert.True((double)rollback["errorRate"]! > 0.5, rollback.ToJsonString());
        Assert.Equal((int)rollback["errors"]!, (int)Math.Round((double)rollback["errorRate"]! * (int)rollback["requests"]!));
        Assert.Contains("maxErrorRate", (string?)rollback["reason"], StringComparison.Ordinal);
        Assert.Single((await (await Http.GetAsync($"/api/v1/endpoints/{name}/variants")).Json())["rollbacks"]!.AsArray());
        // Rolled back: every row goes to the stable node, whose answers are the raw model's.
        var after = await (await Http.PostJson($"/api/v1/endpoints/{name}/score", OneRow)).Json();
        Assert.Equal("stable", (string?)after["routes"]![0]!["canary"]);
        Assert.Equal(ReferencePredictions.Binary((0.5f, 1f))[0].Probability, (float)after["predictions"]![0]!["Probability"]!, 5);
    }

    [Fact]
    public async Task A_spec_change_under_load_fails_no_request_and_is_served_at_once()
    {
        var name = RestCalls.UniqueName("load");
        await Put(name, Spec("v1"));
        var changing = true;
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task Load()
        {
            for (var i = 0; i < 1000 && Volatile.Read(ref changing); i++)
            {
                var response = await Http.PostJson($"/api/v1/endpoints/{name}/score", OneRow);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
                seen.Add((int)(await response.Json())["version"]!);
            }
        }
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(Load)).ToArray();

        for (var version = 2; version <= 6; version++)
        {
            await Put(name, Spec($"v{version}"));
            // The silo that took the PUT serves it to the next request.
            Assert.Equal(version, (int?)(await (await Http.PostJson($"/api/v1/endpoints/{name}/score", OneRow)).Json())["version"]);
        }
        Volatile.Write(ref changing, false);
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Empty(failures);
        Assert.NotEmpty(seen);
        Assert.All(seen, v => Assert.InRange(v, 1, 6));
    }
}
