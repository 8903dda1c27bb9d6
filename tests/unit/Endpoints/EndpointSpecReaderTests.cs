using Mle.Endpoints;
using Mle.Errors;
using Mle.Naming;

namespace Mle.Tests.Unit.Endpoints;

public sealed class EndpointSpecReaderTests
{
    [Fact]
    public void The_issue_s_spec_reads_into_its_nodes()
    {
        var (spec, problems) = EndpointSpecReader.Read("""
            {"description": "A/B", "entityKey": "customerId",
             "graph": {"split": {"variants": [
                {"name": "a", "weight": 50, "node": {"model": "t@champion"}},
                {"name": "b", "weight": 50, "node": {"canary": {"stable": {"model": "t@1"}, "candidate": {"model": "t@2"}, "percent": 10,
                    "rollback": {"maxErrorRate": 0.05, "maxP99Ms": 50, "minRequests": 100}}}}]}},
             "enrich": [{"featureSet": "card", "entity": "cardId", "features": ["amount_avg"], "missing": "default", "default": 0}],
             "batching": {"maxBatchSize": 64, "maxQueueDelayMs": 2}}
            """);

        Assert.Empty(problems);
        Assert.Equal("customerId", spec!.EntityKey);
        var split = Assert.IsType<SplitNode>(spec.Graph);
        Assert.Equal(["a", "b"], split.Variants.Select(v => v.Name));
        Assert.Equal(new ModelNode("graph.split.variants[0].node", "t", VersionSelector.ForAlias("champion")), split.Variants[0].Node);
        var canary = Assert.IsType<CanaryNode>(split.Variants[1].Node);
        Assert.Equal(new RollbackRule(0.05, 50, 100), canary.Rollback);
        Assert.Equal(10, canary.Percent);
        Assert.Equal(MissingFeaturePolicy.Default, spec.Enrich[0].Missing);
        Assert.Equal(0.0, spec.Enrich[0].Default);
        Assert.Equal(new BatchingSpec(64, 2), spec.Batching);
    }

    [Fact]
    public void Every_shape_problem_is_reported_at_once_with_its_path()
    {
        var (_, problems) = EndpointSpecReader.Read("""
            {"graph": {"split": {"variants": [
                {"name": "a", "weight": 60, "node": {"model": "t"}},
                {"name": "a", "weight": 30, "node": {"modle": "t"}}]}},
             "batching": {"maxBatchSize": 0, "maxQueueDelayMs": 2}, "colour": "blue"}
            """);

        Assert.Contains(problems, p => p.Path == "graph.split.variants[1].name" && p.Message.Contains("Two variants", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "graph.split.variants[1].node" && p.Message.Contains("'modle' is not a node kind", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "batching.maxBatchSize");
        Assert.Contains(problems, p => p.Path == "colour");
        Assert.All(problems, p => Assert.Equal(ErrorCodes.InvalidEndpoint, p.Code));
    }

    [Fact]
    public void Weights_that_do_not_add_up_to_100_are_refused_but_the_graph_is_still_read()
    {
        var (spec, problems) = EndpointSpecReader.Read("""
            {"graph": {"split": {"variants": [{"name": "a", "weight": 60, "node": {"model": "t"}}, {"name": "b", "weight": 30, "node": {"model": "t@2"}}]}}}
            """);

        var problem = Assert.Single(problems);
        Assert.Equal("graph.split.variants", problem.Path);
        Assert.Contains("add up to 90", problem.Message, StringComparison.Ordinal);
        Assert.NotNull(spec);
    }

    [Theory]
    [InlineData("""{"graph": {"ensemble": {"combine": "median", "output": "P", "members": [{"node": {"model": "t"}}, {"node": {"model": "m"}}]}}}""", "graph.ensemble.combine")]
    [InlineData("""{"graph": {"chain": [{"model": "t"}]}}""", "graph.chain")]
    [InlineData("""{"graph": {"canary": {"stable": {"model": "t"}, "candidate": {"model": "t@2"}, "percent": 120}}}""", "graph.canary.percent")]
    [InlineData("""{"graph": {"model": "t@"}}""", "graph.model")]
    [InlineData("""{"graph": {"model": "t", "split": {}}}""", "graph")]
    [InlineData("""{"graph": {"model": "t"}, "enrich": [{"featureSet": "card", "entity": "cardId", "features": ["x"], "missing": "default"}]}""", "enrich[0].default")]
    [InlineData("""[1]""", "$")]
    [InlineData("""{"graph": """, "$")]
    public void A_malformed_spec_names_the_offending_place(string json, string path)
    {
        var (_, problems) = EndpointSpecReader.Read(json);

        Assert.Contains(problems, p => p.Path == path);
    }

    [Fact]
    public void Nodes_nested_too_deep_are_refused_without_exhausting_the_stack()
    {
        var json = string.Concat(Enumerable.Repeat("""{"chain": [{"model": "t"}, """, 200)) + """{"model": "t"}""" + string.Concat(Enumerable.Repeat("]}", 200));

        var (spec, problems) = EndpointSpecReader.Read("""{"graph": """ + json + "}");

        Assert.Null(spec);
        Assert.NotEmpty(problems);
    }
}
