using Mle.Errors;

namespace Mle.Tests.Unit.Endpoints;

public sealed class EndpointCompilerTests : IAsyncLifetime
{
    private readonly EndpointWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    [Fact]
    public async Task Unknown_models_and_endpoints_and_bad_weights_are_listed_together()
    {
        var problems = await _world.Problems("ab", """
            {"graph": {"split": {"variants": [
                {"name": "a", "weight": 50, "node": {"model": "nope"}},
                {"name": "b", "weight": 40, "node": {"endpoint": "ghost"}},
                {"name": "c", "weight": 5, "node": {"model": "t@challenger"}}]}}}
            """);

        Assert.Contains(problems, p => p.Code == ErrorCodes.InvalidEndpoint && p.Path == "graph.split.variants");
        Assert.Contains(problems, p => p.Code == ErrorCodes.ModelNotFound && p.Path == "graph.split.variants[0].node.model");
        Assert.Contains(problems, p => p.Code == ErrorCodes.EndpointNotFound && p.Path == "graph.split.variants[1].node.endpoint");
        Assert.Contains(problems, p => p.Code == ErrorCodes.AliasNotFound && p.Path == "graph.split.variants[2].node.model");
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public async Task A_chain_step_that_needs_an_earlier_output_with_another_type_is_refused()
    {
        // t's outputs include PredictedLabel (bool) and Probability; texty needs "A" as a string, which no step produces
        // (so the request must) while t needs it as a float.
        var problems = await _world.Problems("c", """{"graph": {"chain": [{"model": "t"}, {"model": "texty"}]}}""");

        var problem = Assert.Single(problems);
        Assert.Equal(ErrorCodes.SchemaMismatch, problem.Code);
        Assert.Contains("'A'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_takes_a_step_s_input_from_the_step_before_it_by_name()
    {
        var endpoint = await _world.Put("c", """{"graph": {"chain": [{"model": "t"}, {"model": "tenfold"}]}}""");

        Assert.Equal(["A", "B"], endpoint.Inputs.Select(i => i.Column.Name).Order());
        Assert.Equal(["Final"], endpoint.Outputs.Select(o => o.Name));
    }

    [Fact]
    public async Task Ensemble_members_without_a_number_output_of_that_name_are_refused()
    {
        var problems = await _world.Problems("e", """
            {"graph": {"ensemble": {"combine": "mean", "output": "Probability", "members": [
                {"node": {"model": "t"}}, {"node": {"model": "tenfold"}}, {"node": {"model": "texty"}}]}}}
            """);

        Assert.Contains(problems, p => p.Code == ErrorCodes.SchemaMismatch && p.Path == "graph.ensemble.members[1].node");
        Assert.Contains(problems, p => p.Code == ErrorCodes.SchemaMismatch && p.Path == "graph.ensemble.members[2].node");
    }

    [Fact]
    public async Task A_vote_over_booleans_is_valid_but_a_mean_of_them_is_not()
    {
        const string Members = """[{"node": {"model": "t"}}, {"node": {"model": "m"}}]""";

        Assert.Empty(await _world.Problems("v", """{"graph": {"ensemble": {"combine": "vote", "output": "PredictedLabel", "members": MEMBERS}}}""".Replace("MEMBERS", Members, StringComparison.Ordinal)));
        Assert.Contains(await _world.Problems("v", """{"graph": {"ensemble": {"combine": "mean", "output": "PredictedLabel", "members": MEMBERS}}}""".Replace("MEMBERS", Members, StringComparison.Ordinal)),
            p => p.Code == ErrorCodes.SchemaMismatch);
    }

    [Fact]
    public async Task Nesting_that_leads_back_to_the_endpoint_is_a_cycle()
    {
        await _world.Put("inner", """{"graph": {"model": "t"}}""");
        await _world.Put("middle", """{"graph": {"endpoint": "inner"}}""");

        // "inner" now nests "outer", which nests "middle", which nests "inner".
        await _world.Put("outer", """{"graph": {"endpoint": "middle"}}""");
        var problems = await _world.Problems("inner", """{"graph": {"split": {"variants": [{"name": "a", "weight": 100, "node": {"endpoint": "outer"}}]}}}""");

        var problem = Assert.Single(problems);
        Assert.Contains("inner -> outer -> middle -> inner", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_is_a_model_is_not_an_endpoint_to_nest()
    {
        var problems = await _world.Problems("x", """{"graph": {"endpoint": "t"}}""");

        Assert.Equal(ErrorCodes.EndpointNotFound, Assert.Single(problems).Code);
    }

    [Fact]
    public async Task Segment_predicates_are_checked_against_the_request_s_columns_and_the_enriched_features()
    {
        const string Enrich = """[{"featureSet": "card", "entity": "cardId", "features": ["amount_avg", "vip"], "missing": "default", "default": 0}]""";

        var good = await _world.Problems("s", """
            {"graph": {"segment": {"rules": [{"when": "vip && A > 0.5", "node": {"model": "t"}}], "default": {"model": "m"}}}, "enrich": ENRICH}
            """.Replace("ENRICH", Enrich, StringComparison.Ordinal));
        var bad = await _world.Problems("s", """
            {"graph": {"segment": {"rules": [{"when": "country == 'fr'", "node": {"model": "t"}}, {"when": "A + 1", "node": {"model": "t"}}], "default": {"model": "m"}}}}
            """);

        // The default "0" does not suit the bool feature vip.
        Assert.Equal("enrich[0].default", Assert.Single(good).Path);
        Assert.Contains(bad, p => p.Code == ErrorCodes.UnknownField && p.Path == "graph.segment.rules[0].when");
        Assert.Contains(bad, p => p.Code == ErrorCodes.ExpressionTypeMismatch && p.Path == "graph.segment.rules[1].when");
    }

    [Fact]
    public async Task Unknown_feature_sets_and_features_are_refused()
    {
        var problems = await _world.Problems("f", """
            {"graph": {"model": "risk"}, "enrich": [
                {"featureSet": "card", "entity": "cardId", "features": ["amount_avg", "colour"]},
                {"featureSet": "nope", "entity": "cardId", "features": ["x"]}]}
            """);

        Assert.Contains(problems, p => p.Code == ErrorCodes.UnknownFeature && p.Path == "enrich[0].features[1]");
        Assert.Contains(problems, p => p.Code == ErrorCodes.FeatureSetNotFound && p.Path == "enrich[1].featureSet");
    }

    [Fact]
    public async Task A_request_carries_what_the_models_need_minus_the_enriched_features_plus_the_keys()
    {
        var endpoint = await _world.Put("r", """
            {"entityKey": "customerId", "graph": {"split": {"variants": [{"name": "a", "weight": 50, "node": {"model": "risk"}}, {"name": "b", "weight": 50, "node": {"model": "t"}}]}},
             "enrich": [{"featureSet": "card", "entity": "cardId", "features": ["amount_avg"], "missing": "default", "default": 0}]}
            """);

        Assert.Equal(["A:Single:False", "B:Single:False", "cardId:String:True", "customerId:String:True"],
            endpoint.Inputs.Select(i => $"{i.Column.Name}:{i.Column.Kind}:{i.Optional}").Order());
        Assert.Equal(["Probability:Single"], endpoint.Outputs.Select(o => $"{o.Name}:{o.Kind}"));
    }
}
