using Mle.Endpoints;

namespace Mle.Tests.Unit.Endpoints;

public sealed class FeedbackLogTests : IAsyncLifetime
{
    private readonly EndpointWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    [Fact]
    public async Task Remembering_a_large_request_reads_each_output_table_once_not_once_per_row()
    {
        const int rows = 10_000;
        var endpoint = await _world.Put("e", """{"graph": {"model": "t@1"}}""");
        var values = Enumerable.Range(0, rows).Select(i => i / (float)rows).ToArray();
        var score = await _world.Score(endpoint, EndpointWorld.Floats("A", values), EndpointWorld.Floats("B", values));
        var log = new FeedbackLog(rows, _world.Metrics);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var requestId = log.Remember(score);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(rows, log.Count);
        // Reading the scores of all rows for every row would allocate rows x rows doubles (800 MB here); remembering
        // a row costs a few hundred bytes.
        Assert.InRange(allocated, 0, rows * 2_000L);
        var (matched, unmatched) = log.Apply(endpoint, [new FeedbackLabel(requestId, rows - 1, null, true)]);
        Assert.Equal((1, 0), (matched, unmatched));
    }

    private Task<EndpointScore> Score(CompiledEndpoint endpoint, params float[] a) =>
        _world.Score(endpoint, EndpointWorld.Floats("A", a), EndpointWorld.Floats("B", [.. a.Select(_ => 0f)]));

    private long Labeled(string endpoint, string model) =>
        _world.Metrics.Snapshot(EndpointWorld.Tenant, endpoint)[new VariantKey("graph", "model", model)].Labeled;

    [Fact]
    public async Task A_label_joins_the_row_its_request_id_and_row_name_and_is_credited_to_that_row_s_variant()
    {
        var endpoint = await _world.Put("e", """{"graph": {"model": "t@1"}}""");
        var log = new FeedbackLog(100, _world.Metrics);
        var first = log.Remember(await Score(endpoint, 0.9f, 0.1f));
        var second = log.Remember(await Score(endpoint, 0.2f));

        // t@1 predicts A > 0.5: the first request's rows are true, false; the second's is false.
        var (matched, unmatched) = log.Apply(endpoint, [
            new FeedbackLabel(first, 0, null, true), new FeedbackLabel(first, 1, null, true), new FeedbackLabel(second, 0, null, false)]);

        Assert.Equal((3, 0), (matched, unmatched));
        Assert.NotEqual(first, second);
        var stats = _world.Metrics.Snapshot(EndpointWorld.Tenant, "e")[new VariantKey("graph", "model", "t@1")];
        Assert.Equal((3L, 2.0 / 3), (stats.Labeled, stats.Accuracy!.Value));
    }

    [Fact]
    public async Task When_the_log_is_full_the_oldest_rows_are_forgotten_first()
    {
        var endpoint = await _world.Put("e", """{"graph": {"model": "t@1"}}""");
        var log = new FeedbackLog(3, _world.Metrics);
        var first = log.Remember(await Score(endpoint, 0.9f, 0.9f));
        var second = log.Remember(await Score(endpoint, 0.9f, 0.9f));

        var (matched, unmatched) = log.Apply(endpoint, [
            new FeedbackLabel(first, 0, null, true), new FeedbackLabel(first, 1, null, true),
            new FeedbackLabel(second, 0, null, true), new FeedbackLabel(second, 1, null, true)]);

        Assert.Equal((3, 1), (matched, unmatched));
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public async Task A_row_past_its_request_another_log_s_request_id_or_another_endpoint_s_do_not_match()
    {
        var endpoint = await _world.Put("e", """{"graph": {"model": "t@1"}}""");
        var other = await _world.Put("other", """{"graph": {"model": "t@1"}}""");
        var log = new FeedbackLog(100, _world.Metrics);
        var elsewhere = new FeedbackLog(100, _world.Metrics);
        var first = log.Remember(await Score(endpoint, 0.9f));
        log.Remember(await Score(endpoint, 0.9f));
        var theirs = elsewhere.Remember(await Score(endpoint, 0.9f));

        var (matched, unmatched) = log.Apply(endpoint, [
            // Row 1 of the first request is the second request's row 0: the first request has one row.
            new FeedbackLabel(first, 1, null, true),
            new FeedbackLabel(theirs, 0, null, true),
            new FeedbackLabel("not-an-id", 0, null, true),
            new FeedbackLabel(first[..16] + "ffffffffffffffff", 0, null, true)]);
        var (otherMatched, _) = log.Apply(other, [new FeedbackLabel(first, 0, null, true)]);

        Assert.Equal((0, 4), (matched, unmatched));
        Assert.Equal(0, otherMatched);
        Assert.Equal(0, Labeled("e", "t@1"));
    }

    [Fact]
    public async Task An_entity_s_label_joins_its_latest_prediction()
    {
        var endpoint = await _world.Put("e", """{"entityKey": "customerId", "graph": {"model": "t@1"}}""");
        var log = new FeedbackLog(100, _world.Metrics);
        log.Remember(await _world.Score(endpoint, EndpointWorld.Strings("customerId", "c1"), EndpointWorld.Floats("A", 0.9f), EndpointWorld.Floats("B", 0f)));
        log.Remember(await _world.Score(endpoint, EndpointWorld.Strings("customerId", "c1"), EndpointWorld.Floats("A", 0.1f), EndpointWorld.Floats("B", 0f)));

        var (matched, unmatched) = log.Apply(endpoint, [new FeedbackLabel(null, 0, "c1", false), new FeedbackLabel(null, 0, "c2", false)]);

        Assert.Equal((1, 1), (matched, unmatched));
        // The latest prediction for c1 was false (A = 0.1): the label false is correct.
        Assert.Equal(1.0, _world.Metrics.Snapshot(EndpointWorld.Tenant, "e")[new VariantKey("graph", "model", "t@1")].Accuracy);
    }

    [Fact]
    public async Task Entities_whose_predictions_are_forgotten_are_dropped_and_new_ones_still_join()
    {
        var endpoint = await _world.Put("e", """{"entityKey": "customerId", "graph": {"model": "t@1"}}""");
        var log = new FeedbackLog(2, _world.Metrics);
        for (var i = 0; i < 20; i++)
        {
            log.Remember(await _world.Score(endpoint, EndpointWorld.Strings("customerId", $"c{i}"), EndpointWorld.Floats("A", 0.9f), EndpointWorld.Floats("B", 0f)));
        }

        var (matched, unmatched) = log.Apply(endpoint, [new FeedbackLabel(null, 0, "c0", true), new FeedbackLabel(null, 0, "c18", true), new FeedbackLabel(null, 0, "c19", true)]);

        Assert.Equal((2, 1), (matched, unmatched));
        Assert.InRange(log.Entities, 0, 2 * 2);
    }
}
