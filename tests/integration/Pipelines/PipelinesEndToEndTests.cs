using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mle.Errors;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Features;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>Issue 9 end to end, on real Kestrel with a real webhook receiver: filter → map → featurize → enrich → score → webhook.</summary>
public sealed class PipelinesEndToEndTests(PipelinesSilo fixture) : IClassFixture<PipelinesSilo>
{
    private HttpClient Http => fixture.Silo.Http;

    private string Fraud(string name, string cards) => $$$"""
        {"name": "{{{name}}}", "kind": "streaming",
         "source": {"type": "rest"},
         "steps": [
           {"name": "big",    "type": "filter",    "expr": "X1 > 0.5"},
           {"name": "derive", "type": "map",       "set": {"amount": "X1 + X2"}},
           {"name": "feat",   "type": "featurize", "featureSet": "{{{cards}}}", "entity": "cardId"},
           {"name": "enrich", "type": "enrich",    "featureSet": "{{{cards}}}", "entity": "cardId", "features": ["amount_avg_10m"]},
           {"name": "score",  "type": "score",     "model": "{{{PipelinesSilo.Model}}}@champion", "output": "prediction"},
           {"name": "out",    "type": "sink",      "to": "webhook", "url": "{{{fixture.Receiver.Url}}}"}]}
        """;

    private IReadOnlyList<JsonObject> RecordsOf(string pipeline) =>
        [.. fixture.Receiver.Deliveries.Where(d => (string?)d["pipeline"] == pipeline).SelectMany(d => d["records"]!.AsArray().Select(r => r!.AsObject()))];

    private static string Values(double x1, double x2, string card) =>
        string.Create(CultureInfo.InvariantCulture, $$$"""{"X1": {{{x1}}}, "X2": {{{x2}}}, "cardId": "{{{card}}}"}""");

    [Fact]
    public async Task Events_flow_through_every_step_to_the_webhook_with_exact_counts_and_the_raw_models_outputs()
    {
        var name = RestCalls.UniqueName("fraud");
        var cards = RestCalls.UniqueName("cards");
        await Http.CreateCardSet(cards);
        var created = await Http.CreatePipeline(Fraud(name, cards));
        Assert.Equal("Draft", (string?)created["state"]);
        await Http.Command(name, "deploy");
        var rows = Enumerable.Range(0, 40).Select(i => (Id: $"e{i}", X1: Math.Round((i % 10) / 9.0, 3), X2: Math.Round(i / 40.0, 3), Card: $"card-{i}")).ToList();

        // Several pushes, several partitions: one entity per event, so each enrich sees exactly its own event's amount.
        // An aggregate moves once per hop (1s here): events a hop old are in the window whenever enrich looks.
        var time = DateTimeOffset.UtcNow.AddSeconds(-2);
        foreach (var chunk in rows.Chunk(15))
        {
            await Http.Pushed(name, chunk.Select(r => PipelineCalls.Event(r.Id, r.Card, Values(r.X1, r.X2, r.Card), time)));
        }
        var status = await Http.Settled(name, rows.Count);

        var passing = rows.Where(r => r.X1 > 0.5).ToList();
        Assert.Equal(20, passing.Count);
        Assert.Equal(
            $$$"""{"in":40,"out":{{{passing.Count}}},"filtered":{{{rows.Count - passing.Count}}},"failed":0,"deadLettered":0}""",
            status["counters"]!.ToJsonString());
        Assert.Equal(["big", "derive", "feat", "enrich", "score", "out"], status["steps"]!.AsArray().Select(s => (string?)s!["name"]));
        Assert.Equal(passing.Count, (long?)status["steps"]![4]!["counters"]!["in"]);
        Assert.Equal(passing.Count, (long?)status["latency"]!["count"]);
        var records = RecordsOf(name);
        Assert.Equal(passing.Select(r => r.Id).Order(), records.Select(r => (string?)r["id"]).Order());
        var expected = ReferencePredictions.Binary([.. passing.Select(r => ((float)r.X1, (float)r.X2))]);
        foreach (var (row, prediction) in passing.Zip(expected))
        {
            var fields = records.Single(r => (string?)r["id"] == row.Id)["fields"]!;
            Assert.Equal(row.X1 + row.X2, (double?)fields["amount"]);
            Assert.Equal(row.X1 + row.X2, (double?)fields["amount_avg_10m"]);
            Assert.Equal(prediction.PredictedLabel, (bool?)fields["prediction"]!["PredictedLabel"]);
            Assert.Equal(prediction.Probability, (float?)fields["prediction"]!["Probability"]);
            Assert.Equal(prediction.Score, (float?)fields["prediction"]!["Score"]);
        }
        Assert.All(fixture.Receiver.Deliveries.Where(d => (string?)d["pipeline"] == name), d => Assert.Equal(1, (int?)d["version"]));
        // The featurize step wrote to the feature mart: the entity is there to look up.
        var lookup = await Http.LookedUp(cards, [passing[0].Card], ["amount"]);
        Assert.Equal(passing[0].X1 + passing[0].X2, (double?)lookup["results"]![0]!["values"]![0]);
    }

    [Fact]
    public async Task Pause_resume_and_a_redeploy_under_a_steady_push_lose_nothing_and_process_nothing_twice()
    {
        var name = RestCalls.UniqueName("steady");
        string Definition(string tag) => $$$"""
            {"name": "{{{name}}}", "source": {"type": "rest", "schema": {"X1": "number"}},
             "steps": [{"name": "tag", "type": "map", "set": {"tag": "\"{{{tag}}}\""}},
                       {"name": "out", "type": "sink", "to": "webhook", "url": "{{{fixture.Receiver.Url}}}"}]}
            """;
        await Http.CreatePipeline(Definition("v1"));
        await Http.Command(name, "deploy");
        var pushed = 0;
        var deployedV2At = -1;
        async Task PushSome(int batches)
        {
            for (var b = 0; b < batches; b++)
            {
                var ids = Enumerable.Range(pushed, 5).ToList();
                await Http.Pushed(name, ids.Select(i => PipelineCalls.Event($"s{i}", $"k{i % 7}", """{"X1": 1}""")));
                pushed += ids.Count;
            }
        }

        await PushSome(10);
        var paused = await Http.Command(name, "pause");
        Assert.Equal("Paused", (string?)paused["state"]);
        var processedAtPause = (long)(await Http.Status(name))["counters"]!["in"]!;
        await PushSome(10);
        // Paused means kept, not processed: nothing more was counted, and the kept events are in flight.
        var whilePaused = await Http.Status(name);
        Assert.Equal(processedAtPause, (long?)whilePaused["counters"]!["in"]);
        Assert.True((long?)whilePaused["inFlight"] >= 50, whilePaused.ToJsonString());
        await Http.Command(name, "resume");
        await PushSome(10);
        // Version 1 has produced output before version 2 takes over (the kept events may still be in flight).
        await Eventually.Holds(() => Http.Status(name), s => (long?)s["counters"]!["out"] > 0, PipelineCalls.Patience, $"pipeline {name} producing output");
        await Http.CreatePipeline(Definition("v2"));
        await Http.Command(name, "deploy");
        deployedV2At = pushed;
        await PushSome(10);

        await Http.Settled(name, pushed);
        var mine = RecordsOf(name);
        Assert.Equal(pushed, mine.Count);
        Assert.Equal(Enumerable.Range(0, pushed).Select(i => $"s{i}").Order(), mine.Select(r => (string?)r["id"]).Order());
        var versions = fixture.Receiver.Deliveries.Where(d => (string?)d["pipeline"] == name)
            .SelectMany(d => d["records"]!.AsArray().Select(r => (Id: int.Parse(((string)r!["id"]!)[1..], CultureInfo.InvariantCulture), Version: (int)d["version"]!, Tag: (string?)r["fields"]!["tag"])))
            .ToList();
        // Each output records the version that produced it; everything pushed after the deploy returned ran as version 2.
        Assert.All(versions, v => Assert.Equal(v.Version == 1 ? "v1" : "v2", v.Tag));
        Assert.All(versions.Where(v => v.Id >= deployedV2At), v => Assert.Equal(2, v.Version));
        Assert.Contains(versions, v => v.Version == 1);
    }

    [Fact]
    public async Task Poison_events_go_to_the_dead_letters_with_step_reason_and_event_and_replay_after_a_fix()
    {
        var name = RestCalls.UniqueName("ratio");
        string Definition(string expr) => $$$"""
            {"name": "{{{name}}}", "source": {"type": "rest", "schema": {"X1": "number", "X2": "number"}},
             "steps": [{"name": "ratio", "type": "map", "set": {"r": "{{{expr}}}"}},
                       {"name": "out", "type": "sink", "to": "webhook", "url": "{{{fixture.Receiver.Url}}}"}]}
            """;
        await Http.CreatePipeline(Definition("X1 / X2"));
        await Http.Command(name, "deploy");

        await Http.Pushed(name, [
            PipelineCalls.Event("ok1", null, """{"X1": 1, "X2": 2}"""),
            PipelineCalls.Event("zero", null, """{"X1": 1, "X2": 0}"""),
            PipelineCalls.Event("text", null, """{"X1": "high", "X2": 4}"""),
            PipelineCalls.Event("ok2", null, """{"X1": 3, "X2": 4}""")]);
        var status = await Http.Settled(name, 4);

        Assert.Equal("""{"in":4,"out":2,"filtered":0,"failed":2,"deadLettered":2}""", status["counters"]!.ToJsonString());
        var letters = (await Http.DeadLetters(name))["items"]!.AsArray().Select(l => l!.AsObject()).OrderBy(l => (string?)l["event"]!["id"]).ToList();
        Assert.Equal(["text", "zero"], letters.Select(l => (string?)l["event"]!["id"]));
        Assert.All(letters, l => Assert.Equal(("ratio", ErrorCodes.ExpressionEvaluationFailed, 1), ((string?)l["step"], (string?)l["code"], (int?)l["version"])));
        Assert.Contains("by zero", (string?)letters[1]["reason"], StringComparison.Ordinal);
        Assert.Equal("high", (string?)letters[0]["event"]!["values"]!["X1"]);
        Assert.Equal(["ok1", "ok2"], RecordsOf(name).Select(r => (string?)r["id"]).Order());

        await Http.CreatePipeline(Definition("X2 == 0.0 ? 0.0 : X1 / X2"));
        await Http.Command(name, "deploy");
        var replay = await Http.PostAsync($"/api/v1/pipelines/{name}/deadletters/replay", null);
        Assert.True(replay.StatusCode == HttpStatusCode.OK, await replay.Content.ReadAsStringAsync());
        Assert.Equal("""{"replayed":2,"remaining":0}""", (await replay.Json()).ToJsonString());
        status = await Http.Settled(name, 6);

        Assert.Equal("""{"in":6,"out":3,"filtered":0,"failed":3,"deadLettered":3}""", status["counters"]!.ToJsonString());
        var afterReplay = RecordsOf(name).Single(r => (string?)r["id"] == "zero");
        Assert.Equal(0.0, (double?)afterReplay["fields"]!["r"]);
        // The string in a number field is still poison under version 2: back in the dead letters, replayable again.
        Assert.Equal(["text"], (await Http.DeadLetters(name))["items"]!.AsArray().Select(l => (string?)l!["event"]!["id"]));
    }

    [Fact]
    public async Task A_webhook_that_is_down_for_a_while_gets_each_delivery_once_it_is_back()
    {
        var name = RestCalls.UniqueName("retry");
        await Http.CreatePipeline($$$"""
            {"name": "{{{name}}}", "source": {"type": "rest", "schema": {"X1": "number"}},
             "steps": [{"name": "out", "type": "sink", "to": "webhook", "url": "{{{fixture.Receiver.Url}}}"}]}
            """);
        await Http.Command(name, "deploy");
        fixture.Receiver.FailNext(2);

        await Http.Pushed(name, [PipelineCalls.Event("w1", null, """{"X1": 1}""")]);
        var status = await Http.Settled(name, 1);

        Assert.Equal(1, (long?)status["counters"]!["out"]);
        Assert.Equal(["w1"], RecordsOf(name).Select(r => (string?)r["id"]));
        Assert.True(fixture.Receiver.Refused >= 2);
    }
}
