using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Mle.Errors;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using static Mle.Tests.Integration.Features.FeatureCalls;

namespace Mle.Tests.Integration.Features;

/// <summary>One silo for the feature mart's REST tests, with a small push limit so the limit can be reached.</summary>
public sealed class FeaturesSilo : IAsyncLifetime
{
    public const int MaxEventsPerPush = 8;

    public TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Limits:MaxEventsPerPush"] = MaxEventsPerPush.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

public sealed class FeaturesApiTests(FeaturesSilo fixture) : IClassFixture<FeaturesSilo>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task The_issues_create_push_and_lookup_bodies_work_end_to_end_with_a_row_major_answer_in_request_order()
    {
        var set = RestCalls.UniqueName("card");
        var created = await Http.PostJson("/api/v1/featuresets", CardSet(set));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var definition = await created.Json();
        Assert.Equal(1, (int?)definition["version"]);
        Assert.Equal("10m", (string?)definition["aggregates"]![0]!["window"]);
        var t = RecentSecond();

        var pushed = await Http.Pushed(set, Event("e1", "c1", t.AddSeconds(-2), "12.5"), Event("e2", "c1", t, "7.5"), Event("e3", "c3", t, "1"));
        var again = await Http.Pushed(set, Event("e1", "c1", t.AddSeconds(-2), "12.5"));

        Assert.Equal(3, (int?)pushed["applied"]);
        Assert.Equal(1, (int?)again["duplicates"]);
        var lookup = await Http.LookedUp(set, ["c3", "c2", "c1"], ["amount", "amount_avg_10m", "amount_count_1m"]);
        Assert.Equal("""["amount","amount_avg_10m","amount_count_1m"]""", lookup["features"]!.ToJsonString());
        var results = lookup["results"]!.AsArray();
        Assert.Equal(["c3", "c2", "c1"], results.Select(r => (string?)r!["entity"]));
        Assert.Equal("""[7.5,10,2]""", results[2]!["values"]!.ToJsonString());
        Assert.Equal("""["PRESENT","PRESENT","PRESENT"]""", results[2]!["statuses"]!.ToJsonString());
        Assert.Equal(t, (DateTimeOffset)results[2]!["eventTimes"]![0]!);
        Assert.Equal("""["NOT_FOUND","NOT_FOUND","NOT_FOUND"]""", results[1]!["statuses"]!.ToJsonString());
        Assert.Equal("""[null,null,null]""", results[1]!["values"]!.ToJsonString());

        var asOf = await Http.LookedUp(set, ["c1"], ["amount", "amount_avg_10m"], t.AddSeconds(-1));
        Assert.Equal("""[12.5,12.5]""", asOf["results"]![0]!["values"]!.ToJsonString());
    }

    [Fact]
    public async Task Feature_sets_are_listed_fetched_and_evolve_by_adding_only_keeping_entity_state()
    {
        var set = RestCalls.UniqueName("evolving");
        await Http.CreateCardSet(set);
        var t = RecentSecond();
        await Http.Pushed(set, Event("e1", "c1", t, "4"));

        var evolved = await Http.PutAsync($"/api/v1/featuresets/{set}", Json(CardSet(set).Replace(
            """[{"name": "amount", "type": "float"}]""", """[{"name": "amount", "type": "float"}, {"name": "country", "type": "string"}]""")));
        var removed = await Http.PutAsync($"/api/v1/featuresets/{set}", Json(CardSet(set).Replace(
            """{"name": "amount_count_1m", "feature": "amount", "function": "count", "window": "1m", "hop": "1s"}""",
            """{"name": "amount_count_1m", "feature": "amount", "function": "count", "window": "2m", "hop": "1s"}""")));

        Assert.Equal(2, (int?)(await evolved.Json())["version"]);
        await removed.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.FeatureChangeRejected);
        await Http.Pushed(set, """{"id": "e2", "entity": "c1", "time": "{{t}}", "values": {"country": "NL"}}""".Replace("{{t}}", t.ToString("O")));
        var lookup = await Http.LookedUp(set, ["c1"], ["amount", "country", "amount_count_1m"]);
        Assert.Equal("""[4,"NL",1]""", lookup["results"]![0]!["values"]!.ToJsonString());
        var fetched = await (await Http.GetAsync($"/api/v1/featuresets/{set}")).Json();
        Assert.Equal(2, fetched["features"]!.AsArray().Count);
        var versions = JsonNode.Parse(await Http.GetStringAsync($"/api/v1/featuresets/{set}/versions"))!.AsArray();
        Assert.Equal([1, 2], versions.Select(v => (int)v!["version"]!));
        var listed = await (await Http.GetAsync($"/api/v1/featuresets?q={set}")).Json();
        Assert.Equal(1, (int?)listed["totalCount"]);
        Assert.Equal(2, (int?)listed["items"]![0]!["version"]);
    }

    [Fact]
    public async Task Every_bad_input_gets_its_code_and_a_batch_with_one_bad_event_changes_nothing()
    {
        var set = RestCalls.UniqueName("strict");
        await Http.CreateCardSet(set);
        var t = RecentSecond();
        var good = Event("g1", "c1", t, "1");

        await (await Http.Push("no-such-set", good)).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.FeatureSetNotFound);
        await (await Http.Push(set, good, """{"entity": "c1", "time": "2026-01-01T00:00:00Z", "values": {}}"""))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEvent);
        await (await Http.Push(set, good, """{"id": "x", "time": "2026-01-01T00:00:00Z", "values": {}}"""))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEvent);
        var wrongType = await (await Http.Push(set, good, Event("g2", "c1", t, "\"twelve\""))).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.FeatureTypeMismatch);
        Assert.Equal("events[1].values.amount", (string?)wrongType["target"]);
        await (await Http.Push(set, good, """{"id": "x", "entity": "c1", "time": "2026-01-01T00:00:00Z", "values": {"nope": 1}}"""))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.UnknownFeature);
        await (await Http.Push(set, [.. Enumerable.Range(0, FeaturesSilo.MaxEventsPerPush + 1).Select(i => Event($"m{i}", "c1", t, "1"))]))
            .AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.TooManyEvents);
        await (await Http.Lookup(set, ["c1"], ["nope"])).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.UnknownFeature);
        await (await Http.Lookup(set, ["c1"], ["amount"], DateTimeOffset.UtcNow.AddDays(-1))).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.AsOfOutsideRetention);
        await (await Http.PostJson("/api/v1/featuresets", CardSet(set))).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.FeatureSetAlreadyExists);
        await (await Http.PostJson("/api/v1/featuresets", CardSet(RestCalls.UniqueName("bad")).Replace("\"10m\"", "\"10 minutes\"")))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidFeatureSet);

        var lookup = await Http.LookedUp(set, ["c1"], ["amount"]);
        Assert.Equal("NOT_FOUND", (string?)lookup["results"]![0]!["statuses"]![0]);
    }

    [Fact]
    public async Task Several_feature_sets_are_looked_up_in_one_call()
    {
        var cards = RestCalls.UniqueName("cards");
        var shops = RestCalls.UniqueName("shops");
        await Http.CreateCardSet(cards);
        await Http.CreateCardSet(shops);
        var t = RecentSecond();
        await Http.Pushed(cards, Event("e1", "c1", t, "3"));
        await Http.Pushed(shops, Event("e1", "s1", t, "9"));

        var response = await Http.PostJson("/api/v1/features/lookup", $$"""
            {"lookups": [{"featureSet": "{{cards}}", "entities": ["c1"], "features": ["amount"]},
                         {"featureSet": "{{shops}}", "entities": ["s1", "s2"], "features": ["amount_count_1m"]}]}
            """);

        var results = (await response.Json())["results"]!.AsArray();
        Assert.Equal(cards, (string?)results[0]!["featureSet"]);
        Assert.Equal("[3]", results[0]!["results"]![0]!["values"]!.ToJsonString());
        Assert.Equal("[1]", results[1]!["results"]![0]!["values"]!.ToJsonString());
        Assert.Equal("NOT_FOUND", (string?)results[1]!["results"]![1]!["statuses"]![0]);
    }

    [Fact]
    public async Task Another_tenants_feature_set_is_not_found_and_a_scorer_looks_up_but_does_not_push()
    {
        var set = RestCalls.UniqueName("private");
        await Http.CreateCardSet(set);
        var t = RecentSecond();
        await Http.Pushed(set, Event("e1", "c1", t, "3"));
        var (otherAdmin, _) = await Security.Keys.Create(Http, "admin", "other-tenant");
        var (scorer, _) = await Security.Keys.Create(Http, "scorer");
        using var other = fixture.Silo.ClientWithKey(otherAdmin);
        using var scoring = fixture.Silo.ClientWithKey(scorer);

        await (await other.GetAsync($"/api/v1/featuresets/{set}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.FeatureSetNotFound);
        await (await other.Lookup(set, ["c1"], ["amount"])).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.FeatureSetNotFound);
        await (await other.Push(set, Event("e2", "c1", t, "1"))).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.FeatureSetNotFound);
        Assert.Equal(0, (int?)(await (await other.GetAsync("/api/v1/featuresets")).Json())["totalCount"]);
        Assert.Equal("[3]", (await scoring.LookedUp(set, ["c1"], ["amount"]))["results"]![0]!["values"]!.ToJsonString());
        await (await scoring.Push(set, Event("e3", "c1", t, "1"))).AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task Feature_mart_metrics_appear_on_the_metrics_endpoint()
    {
        var set = RestCalls.UniqueName("metered");
        await Http.CreateCardSet(set);
        await Http.Pushed(set, Event("e1", "c1", RecentSecond(), "3"));

        var metrics = await Http.GetStringAsync("/metrics");

        Assert.Contains("mle_features_events_applied", metrics);
        Assert.Contains("mle_features_event_to_servable", metrics);
        Assert.Contains("mle_features_entities_active", metrics);
        Assert.Contains($"feature_set=\"default/{set}\"", metrics);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_feature_routes()
    {
        var document = JsonNode.Parse(await Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();

        Assert.Contains("/api/v1/featuresets", paths);
        Assert.Contains("/api/v1/featuresets/{name}/push", paths);
        Assert.Contains("/api/v1/featuresets/{name}/lookup", paths);
        Assert.Contains("/api/v1/features/lookup", paths);
    }

    [Fact]
    public async Task Entities_deactivate_after_the_configured_idle_time_and_a_single_set_lookup_names_no_set()
    {
        var collection = fixture.Silo.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(2), collection.ClassSpecificCollectionAge[typeof(Mle.Features.FeatureEntityGrain).FullName!]);

        var set = RestCalls.UniqueName("plain");
        await Http.CreateCardSet(set);
        var lookup = await Http.LookedUp(set, ["c1"], ["amount"]);
        Assert.False(lookup.ContainsKey("featureSet"));
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
