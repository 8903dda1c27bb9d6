using Mle.Endpoints;

namespace Mle.Tests.Unit.Endpoints;

public sealed class CanaryTests : IAsyncLifetime
{
    private readonly EndpointWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    private static string Spec(string candidate, int percent = 50, string rollback = """{"maxErrorRate": 0.2, "minRequests": 10}""") => """
        {"entityKey": "customerId", "graph": {"canary": {"stable": {"model": "t@1"}, "candidate": {"model": "CANDIDATE"}, "percent": PERCENT, "rollback": ROLLBACK}}}
        """.Replace("CANDIDATE", candidate, StringComparison.Ordinal).Replace("PERCENT", percent.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("ROLLBACK", rollback, StringComparison.Ordinal);

    private Task<EndpointScore> Request(CompiledEndpoint endpoint, string key) =>
        _world.Score(endpoint, EndpointWorld.Strings("customerId", key), EndpointWorld.Floats("A", 0.3f), EndpointWorld.Floats("B", 0.6f));

    [Fact]
    public async Task A_failing_candidate_is_rolled_back_with_the_numbers_and_no_request_fails()
    {
        var endpoint = await _world.Put("c", Spec("broken"));
        (string, string, string, RollbackEvidence)? reported = null;
        _world.Canaries.RolledBack = (tenant, name, id, evidence) => reported = (tenant, name, id, evidence);

        var routes = new List<string?>();
        for (var i = 0; i < 200; i++)
        {
            // Every request succeeds: a candidate's failure falls back to the stable node.
            routes.Add((await Request(endpoint, $"c{i}")).Routes[0]["canary"]);
        }

        var (tenant, name, id, evidence) = reported!.Value;
        Assert.Equal((EndpointWorld.Tenant, "c", endpoint.CanaryIds[0]), (tenant, name, id));
        Assert.Equal(10, evidence.Requests);
        Assert.Equal(10, evidence.Errors);
        Assert.Equal(1.0, evidence.ErrorRate);
        Assert.Contains("maxErrorRate 0.2", evidence.Reason, StringComparison.Ordinal);
        Assert.True(_world.Canaries.IsRolledBack(EndpointWorld.Tenant, "c", id));
        Assert.All(routes, r => Assert.Equal("stable", r));
        Assert.Equal(10, _world.Models.CallsTo("broken"));
    }

    [Fact]
    public async Task A_healthy_candidate_takes_its_percent_of_entities()
    {
        var endpoint = await _world.Put("c", Spec("t@2", percent: 20));
        var keys = Enumerable.Range(0, 2000).Select(i => $"e{i}").ToArray();

        var score = await _world.Score(endpoint, EndpointWorld.Strings("customerId", keys),
            EndpointWorld.Floats("A", new float[keys.Length]), EndpointWorld.Floats("B", new float[keys.Length]));

        Assert.InRange(score.Routes.Count(r => r["canary"] == "candidate") / (double)keys.Length, 0.15, 0.25);
        Assert.False(_world.Canaries.IsRolledBack(EndpointWorld.Tenant, "c", endpoint.CanaryIds[0]));
    }

    [Fact]
    public async Task Below_min_requests_a_failing_candidate_is_not_judged()
    {
        var endpoint = await _world.Put("c", Spec("broken", percent: 100, rollback: """{"maxErrorRate": 0.2, "minRequests": 50}"""));

        for (var i = 0; i < 49; i++)
        {
            await Request(endpoint, $"c{i}");
        }

        Assert.False(_world.Canaries.IsRolledBack(EndpointWorld.Tenant, "c", endpoint.CanaryIds[0]));
        Assert.Equal(49, _world.Models.CallsTo("broken"));
    }

    [Fact]
    public void A_slow_window_trips_the_p99_rule()
    {
        var window = new CanaryWindow("graph", new RollbackRule(null, 50, 100), 1000);

        RollbackEvidence? evidence = null;
        for (var i = 0; i < 100 && evidence is null; i++)
        {
            // Two calls in a hundred over 50 ms put the 99th percentile over it.
            evidence = window.Record(failed: false, latencyMs: i < 98 ? 5 : 80, DateTimeOffset.UnixEpoch);
        }

        Assert.NotNull(evidence);
        Assert.Equal(100, evidence.Requests);
        Assert.Equal(80, evidence.P99Ms);
        Assert.Contains("p99", evidence.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_window_slides_forgetting_old_errors()
    {
        var window = new CanaryWindow("graph", new RollbackRule(0.5, null, 10), 10);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(window.Record(failed: true, 1, DateTimeOffset.UnixEpoch));
        }
        for (var i = 0; i < 100; i++)
        {
            Assert.Null(window.Record(failed: false, 1, DateTimeOffset.UnixEpoch));
        }

        // The window holds 10 calls: 5 errors of 10 is not above 0.5, the sixth is.
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(window.Record(failed: true, 1, DateTimeOffset.UnixEpoch));
        }
        Assert.NotNull(window.Record(failed: true, 1, DateTimeOffset.UnixEpoch));
        Assert.Equal(10, window.Count);
    }

    [Fact]
    public async Task Editing_the_canary_gives_it_a_new_identity_so_a_rollback_does_not_carry_over()
    {
        var first = await _world.Put("c", Spec("broken"));
        var edited = await _world.Put("c", Spec("t@2"));

        Assert.NotEqual(first.CanaryIds[0], edited.CanaryIds[0]);
    }
}
