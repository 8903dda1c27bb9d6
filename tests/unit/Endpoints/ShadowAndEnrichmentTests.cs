using Mle.Data;
using Mle.Endpoints;
using Mle.Errors;

namespace Mle.Tests.Unit.Endpoints;

public sealed class ShadowAndEnrichmentTests
{
    private const string Shadow = """
        {"graph": {"shadow": {"primary": {"model": "t@1"}, "candidates": [{"model": "broken"}, {"model": "t@2"}]}}}
        """;

    [Fact]
    public async Task Shadow_candidates_score_the_same_rows_off_the_request_and_never_fail_it()
    {
        await using var world = new EndpointWorld();
        var endpoint = await world.Put("s", Shadow);

        var score = await world.Score(endpoint, EndpointWorld.Floats("A", 0.25f, 0.5f), EndpointWorld.Floats("B", 0.75f, 1f));
        await world.Shadows.Drain();

        var (outputs, _) = score.Prediction(0);
        Assert.Equal([0.25f, 0.5f], ((Column<float>)outputs["Probability"]).Values);
        Assert.Equal([("t", 1)], score.Routes[0].Models);
        var stats = world.Metrics.Snapshot(EndpointWorld.Tenant, "s");
        var broken = stats[new VariantKey("graph", "shadow", "candidates[0]")];
        var healthy = stats[new VariantKey("graph", "shadow", "candidates[1]")];
        Assert.Equal((1, 1), (broken.Calls, broken.Errors));
        Assert.Equal((1, 0, 2L), (healthy.Calls, healthy.Errors, healthy.Scores));
        Assert.Equal((0.75 + 1.0) / 2, healthy.ScoreMean!.Value, 6);
    }

    [Fact]
    public async Task A_full_shadow_backlog_drops_and_counts_instead_of_waiting()
    {
        await using var world = new EndpointWorld(shadowCapacity: 1);
        var endpoint = await world.Put("s", Shadow);

        for (var i = 0; i < 50; i++)
        {
            await world.Score(endpoint, EndpointWorld.Floats("A", 0.1f), EndpointWorld.Floats("B", 0.1f));
        }
        await world.Shadows.Drain();

        Assert.True(world.Shadows.Dropped > 0);
        Assert.Equal(100, world.Shadows.Dropped + world.Shadows.Completed);
    }

    private const string Enriched = """
        {"graph": {"model": "risk"}, "enrich": [{"featureSet": "card", "entity": "cardId", "features": ["amount_avg"], "missing": "POLICY", "default": 0.5}]}
        """;

    [Fact]
    public async Task Enrichment_adds_the_entity_s_features_to_its_rows_in_one_lookup()
    {
        await using var world = new EndpointWorld();
        world.Cards["k1"] = (0.9, false);
        world.Cards["k2"] = (0.1, true);
        var endpoint = await world.Put("r", Enriched.Replace("POLICY", "fail", StringComparison.Ordinal));

        var score = await world.Score(endpoint, EndpointWorld.Strings("cardId", "k2", "k1", "k2"));

        var (outputs, _) = score.Prediction(0);
        Assert.Equal([0.1f, 0.9f, 0.1f], ((Column<float>)outputs["Probability"]).Values);
        Assert.Equal(1, world.Lookups);
    }

    [Fact]
    public async Task A_missing_feature_fails_the_request_under_the_fail_policy()
    {
        await using var world = new EndpointWorld();
        world.Cards["k1"] = (0.9, false);
        world.Cards["k3"] = (null, false);
        var endpoint = await world.Put("r", Enriched.Replace("POLICY", "fail", StringComparison.Ordinal));

        var unknown = await Assert.ThrowsAsync<MissingFeatureException>(() => world.Score(endpoint, EndpointWorld.Strings("cardId", "k1", "nobody")));
        var nullValue = await Assert.ThrowsAsync<MissingFeatureException>(() => world.Score(endpoint, EndpointWorld.Strings("cardId", "k3")));
        var noEntity = await Assert.ThrowsAsync<MissingFeatureException>(() => world.Score(endpoint, EndpointWorld.Strings("cardId", [null])));

        Assert.Contains("'nobody'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("amount_avg", nullValue.Target);
        Assert.Contains("no entity", noEntity.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Models.CallsTo("risk"));
    }

    [Fact]
    public async Task A_missing_feature_takes_the_default_under_the_default_policy()
    {
        await using var world = new EndpointWorld();
        world.Cards["k1"] = (0.9, false);
        var endpoint = await world.Put("r", Enriched.Replace("POLICY", "default", StringComparison.Ordinal));

        var score = await world.Score(endpoint, EndpointWorld.Strings("cardId", "k1", "nobody", null));

        var (outputs, _) = score.Prediction(0);
        Assert.Equal([0.9f, 0.5f, 0.5f], ((Column<float>)outputs["Probability"]).Values);
    }

    [Fact]
    public async Task A_segment_routes_on_an_enriched_feature()
    {
        await using var world = new EndpointWorld();
        world.Cards["vip"] = (0.9, true);
        world.Cards["plain"] = (0.9, false);
        var endpoint = await world.Put("r", """
            {"graph": {"segment": {"rules": [{"when": "vip", "node": {"model": "t@2"}}], "default": {"model": "t@1"}}},
             "enrich": [{"featureSet": "card", "entity": "cardId", "features": ["vip"], "missing": "default", "default": false}]}
            """);

        var score = await world.Score(endpoint, EndpointWorld.Strings("cardId", "vip", "plain"), EndpointWorld.Floats("A", 0.1f, 0.1f), EndpointWorld.Floats("B", 0.7f, 0.7f));

        Assert.Equal(["rules[0]", "default"], score.Routes.Select(r => r["segment"]));
    }
}
