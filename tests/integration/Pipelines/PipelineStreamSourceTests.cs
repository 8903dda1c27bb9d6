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
