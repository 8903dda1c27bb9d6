using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Mle.Features;
using Mle.Naming;
using Mle.Pipelines;
using Mle.Streams;
using Mle.Tests.Integration.Api;
using Orleans.Streams;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>
/// Issue 9, stream sources: events a producer writes onto a source namespace of the <c>mle</c> stream provider (here
/// the SDK's stream provider inside the silo, on the embedded memory streams) reach every running pipeline that reads
/// it, with the REST source's lifecycle: pause keeps them, resume processes them, stop stops consuming.
/// </summary>
public sealed class PipelineStreamSourceTests(PipelinesSilo fixture) : IClassFixture<PipelinesSilo>
{
    private HttpClient Http => fixture.Silo.Http;

    private string Definition(string name, string streamNamespace) => $$$"""
        {"name": "{{{name}}}", "kind": "streaming",
         "source": {"type": "stream", "namespace": "{{{streamNamespace}}}", "schema": {"X1": "number", "X2": "number"}},
         "steps": [
           {"name": "big",   "type": "filter", "expr": "X1 > 0.5"},
           {"name": "score", "type": "score",  "model": "{{{PipelinesSilo.Model}}}@champion", "output": "prediction"},
           {"name": "out",   "type": "sink",   "to": "webhook", "url": "{{{fixture.Receiver.Url}}}"}]}
        """;

    private static List<FeatureEvent> Events(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new FeatureEvent($"{prefix}{i}", $"k{i}", DateTimeOffset.UtcNow,
            new Dictionary<string, FeatureValue> { ["X1"] = i % 2 == 0 ? 0.9 : 0.1, ["X2"] = i / 100.0 }))];

    private Task Produce(string streamNamespace, string key, IReadOnlyList<FeatureEvent> events) =>
        fixture.Silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(StreamNames.Provider)
            .GetStream<FeatureEvent>(StreamId.Create(streamNamespace, key)).OnNextBatchAsync(events);

    private IReadOnlyList<string> Delivered(string pipeline) =>
        [.. fixture.Receiver.Deliveries.Where(d => (string?)d["pipeline"] == pipeline)
            .SelectMany(d => d["records"]!.AsArray().Select(r => (string)r!["id"]!))];

    [Fact]
    public async Task Events_produced_onto_a_source_namespace_run_through_the_deployed_version_with_exact_counts()
    {
        var name = RestCalls.UniqueName("from-stream");
        var source = "input." + RestCalls.UniqueName("txn");
        await Http.CreatePipeline(Definition(name, source));
        await Http.Command(name, "deploy");

        // Two producers' streams of the tenant, one batch each.
        var first = Events("a", 20);
        var second = Events("b", 10);
        await Produce(source, Names.DefaultTenant + "/p0", first);
        await Produce(source, Names.DefaultTenant + "/p1", second);
        var status = await Http.Settled(name, 30);

        Assert.Equal("""{"in":30,"out":15,"filtered":15,"failed":0,"deadLettered":0}""", status["counters"]!.ToJsonString());
        Assert.Equal("stream", (string?)status["source"]);
        var expected = first.Where((_, i) => i % 2 == 0).Concat(second.Where((_, i) => i % 2 == 0)).Select(e => e.Id).Order().ToList();
        await Cluster.Eventually.Holds(() => Task.FromResult(Delivered(name).Count), c => c >= expected.Count, PipelineCalls.Patience, "webhook deliveries");
        Assert.Equal(expected, Delivered(name).Order().ToList());
        var silos = status["silos"]!.AsArray();
        Assert.Equal(30, silos.Sum(s => (long)s!["processed"]!));
    }

    [Fact]
    public async Task Source_events_without_an_id_are_dead_lettered_and_counted_as_in_failed_and_dead_lettered()
    {
        var name = RestCalls.UniqueName("unnamed");
        var source = "input." + RestCalls.UniqueName("anon");
        await Http.CreatePipeline(Definition(name, source));
        await Http.Command(name, "deploy");

        var events = Events("n", 6);
        List<FeatureEvent> mixed = [.. events.Take(4), events[4] with { Id = "" }, events[5] with { Id = "" }];
        await Produce(source, Names.DefaultTenant + "/anon", mixed);
        var status = await Http.Settled(name, 6);

        Assert.Equal("""{"in":6,"out":2,"filtered":2,"failed":2,"deadLettered":2}""", status["counters"]!.ToJsonString());
        var letters = (await Http.DeadLetters(name))["items"]!.AsArray();
        Assert.Equal(2, letters.Count);
        Assert.All(letters, l => Assert.Equal("source", (string?)l!["step"]));
    }

    [Fact]
    public async Task A_paused_pipeline_keeps_its_source_events_for_resume_and_a_stopped_one_stops_consuming()
    {
        var (kept, other) = (RestCalls.UniqueName("kept"), RestCalls.UniqueName("other"));
        var source = "input." + RestCalls.UniqueName("clicks");
        var key = Names.DefaultTenant + "/clicks";
        await Http.CreatePipeline(Definition(kept, source));
        await Http.CreatePipeline(Definition(other, source));
        await Http.Command(kept, "deploy");
        await Http.Command(other, "deploy");

        await Http.Command(kept, "pause");
        await Produce(source, key, Events("p", 10));
        // The other pipeline reads the same batches: once it has processed them, so has the source consumer.
        await Http.Settled(other, 10);
        Assert.Equal(0, (long?)(await Http.Status(kept))["counters"]!["in"]);

        await Http.Command(kept, "resume");
        var resumed = await Http.Settled(kept, 10);
        Assert.Equal(10, (long?)resumed["counters"]!["in"]);

        await Http.Command(kept, "stop");
        await Produce(source, key, Events("s", 6));
        await Http.Settled(other, 16);

        var stopped = await Http.Status(kept);
        Assert.Equal(10, (long?)stopped["counters"]!["in"]);
        Assert.Empty((await Http.DeadLetters(kept))["items"]!.AsArray());
        await Cluster.Eventually.Holds(() => Task.FromResult(Delivered(kept).Count), c => c >= 5, PipelineCalls.Patience, "kept events delivered");
        Assert.Equal(Enumerable.Range(0, 10).Where(i => i % 2 == 0).Select(i => $"p{i}").Order(), Delivered(kept).Order());
    }

    [Fact]
    public async Task A_paused_pipeline_keeps_source_events_up_to_its_share_and_the_stream_holds_the_rest_unacknowledged()
    {
        var (kept, other) = (RestCalls.UniqueName("bounded"), RestCalls.UniqueName("unbounded"));
        var source = "input." + RestCalls.UniqueName("burst");
        var key = Names.DefaultTenant + "/burst";
        await Http.CreatePipeline(Definition(kept, source));
        await Http.CreatePipeline(Definition(other, source));
        await Http.Command(kept, "deploy");
        await Http.Command(other, "deploy");
        await Http.Command(kept, "pause");

        // One entity: every event falls to the same partition, whose share of the bound is 2 events.
        var first = Events("f", 10).Select(e => e with { Entity = "one" }).ToList();
        var second = Events("s", 4).Select(e => e with { Entity = "one" }).ToList();
        await Produce(source, key, first);
        await Http.Settled(other, 10);
        await Produce(source, key, second);
        await Http.Settled(other, 14);

        // The first delivery was kept (a partition keeping nothing takes one whatever its size); the second would pass
        // the share, so it was refused and the stream delivers it again rather than the partition keeping it. Stopped,
        // the pipeline dead-letters what it kept: the first delivery only.
        await Http.Command(kept, "stop");
        var letters = (await Http.DeadLetters(kept))["items"]!.AsArray();
        Assert.Equal(first.Select(e => e.Id).Order(), letters.Select(l => (string)l!["event"]!["id"]!).Order());
        var status = await Http.Status(other);
        Assert.Equal(14, (long?)status["counters"]!["in"]);
    }

    [Fact]
    public async Task A_stream_source_on_a_namespace_the_platform_owns_is_refused_with_a_400_naming_the_prefix()
    {
        var name = RestCalls.UniqueName("owned");

        var response = await Http.PostJson("/api/v1/pipelines", Definition(name, StreamNames.Events));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal("invalid_pipeline", (string?)problem["code"]);
        var body = problem.ToJsonString();
        Assert.Contains("source.namespace", body, StringComparison.Ordinal);
        Assert.Contains(PipelineSourceStreams.Prefix, body, StringComparison.Ordinal);
    }
}
