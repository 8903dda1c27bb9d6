using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Durability;
using Mle.Tests.Integration.Features;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Pipelines;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// The pipeline and endpoint state a silo crash must not lose, for <see cref="SiloCrashTests"/>: a pipeline running
/// its second version after events were processed under both, a paused one holding events pushed while paused, and
/// an endpoint spec. Both pipelines write each event to a feature set (entity = the event's card, amount = what the
/// version computed), so what ran, under which version, can be read back per event.
/// </summary>
/// <remarks>
/// A pipeline's counters are saved with every lifecycle change (and on deactivation): after a crash they may be
/// back at their last save, never below it. Its state and versions are saved before a command returns: exact.
/// </remarks>
internal sealed class PipelinesAcrossACrash
{
    public const string Running = "crash-running";
    public const string Paused = "crash-paused";
    public const string Endpoint = "crash-endpoint";
    public const string OutputSet = "crash-pipeline-out";
    private const int EventsPerStage = 24;
    private const int EndpointModel = 1;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    // What each version computes from X1: distinct, so the amount an event left says which version processed it.
    private const string RunningV1 = "X1";
    private const string RunningV2 = "X1 * 2";
    private const string PausedV1 = "X1 + 1000";

    private JsonObject _runningSaved = [];
    private JsonObject _pausedSaved = [];
    private int _keptWhilePaused;

    /// <summary>Creates the pipelines through the silo to be killed; deploys, feeds and pauses them through every silo in turn.</summary>
    public static async Task<PipelinesAcrossACrash> Prepare(IReadOnlyList<SiloProcess> silos)
    {
        HttpClient Through(int n) => silos[n % silos.Count].Http;
        var state = new PipelinesAcrossACrash();
        using (var created = await Through(0).PostJson("/api/v1/featuresets", $$"""
            {"name": "{{OutputSet}}", "entityKey": "cardId", "features": [{"name": "amount", "type": "float"}], "maxAge": "1d", "allowedLateness": "1h"}
            """))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        // Both pipelines are created through the last silo, the one the test kills: a grain is placed where it is first
        // called, and a pipeline's partitions where the pipeline grain tells them its first run.
        var last = silos.Count - 1;

        // Running: version 1 processes a first stage of events; version 2 is deployed (the counters are saved with the
        // deploy) and processes a second stage, counted in memory only.
        await Through(last).CreatePipeline(Definition(Running, RunningV1));
        await Through(1).Command(Running, "deploy");
        await Push(silos, Running, "r", 0, EventsPerStage);
        await Through(2).Settled(Running, EventsPerStage);
        await Through(0).CreatePipeline(Definition(Running, RunningV2));
        await Through(0).Command(Running, "deploy");
        state._runningSaved = (await Through(1).Status(Running))["counters"]!.AsObject();
        await Push(silos, Running, "r", EventsPerStage, EventsPerStage);
        await Through(1).Settled(Running, 2 * EventsPerStage);

        // Paused: one stage processed, then paused (counters saved), then a stage pushed that its partitions keep.
        await Through(last).CreatePipeline(Definition(Paused, PausedV1));
        await Through(2).Command(Paused, "deploy");
        await Push(silos, Paused, "p", 0, EventsPerStage);
        await Through(0).Settled(Paused, EventsPerStage);
        Assert.Equal("Paused", (string?)(await Through(0).Command(Paused, "pause"))["state"]);
        state._pausedSaved = (await Through(2).Status(Paused))["counters"]!.AsObject();
        await Push(silos, Paused, "p", EventsPerStage, EventsPerStage);
        state._keptWhilePaused = EventsPerStage;

        using var put = await Through(2).PutAsync($"/api/v1/endpoints/{Endpoint}",
            new StringContent(EndpointSpec, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        await AssertAmounts(Through(0), Before);
        return state;
    }

    /// <summary>
    /// Through each silo: both pipelines' versions and states exactly, counters not below their last save (the paused
    /// one's exactly: it processed nothing since), the endpoint's spec, and a score through it.
    /// </summary>
    public async Task AssertThere(IEnumerable<SiloProcess> silos)
    {
        foreach (var silo in silos)
        {
            var http = silo.Http;
            var running = await http.Status(Running);
            Assert.Equal(("Running", 2, 2), ((string?)running["state"], (int?)running["deployedVersion"], (int?)running["latestVersion"]));
            AssertNotBelow(_runningSaved, running["counters"]!.AsObject(), $"{Running} through {http.BaseAddress}");
            await AssertVersions(http, Running, [RunningV1, RunningV2]);

            var paused = await http.Status(Paused);
            Assert.Equal(("Paused", 1, 1), ((string?)paused["state"], (int?)paused["deployedVersion"], (int?)paused["latestVersion"]));
            Assert.Equal(_pausedSaved.ToJsonString(), paused["counters"]!.ToJsonString());
            await AssertVersions(http, Paused, [PausedV1]);

            var endpoint = await (await http.GetAsync($"/api/v1/endpoints/{Endpoint}")).Json();
            Assert.Equal(1, (long?)endpoint["version"]);
            Assert.Equal(JsonNode.Parse(EndpointSpec)!["graph"]!.ToJsonString(), endpoint["spec"]!["graph"]!.ToJsonString());
            using var scored = await http.PostJson($"/api/v1/endpoints/{Endpoint}/score", DistinctModels.RowJson);
            var body = await scored.Content.ReadAsStringAsync();
            Assert.True(scored.StatusCode == HttpStatusCode.OK, $"{Endpoint} through {http.BaseAddress}: {(int)scored.StatusCode} {body}");
            var probability = JsonNode.Parse(body)!["predictions"]![0]!["probability"]!;
            Assert.Equal(DistinctModels.ExpectedProbability(EndpointModel), (double)(probability is JsonArray one ? one[0]! : probability), 5);
        }
    }

    /// <summary>
    /// New events pushed through the survivors are processed by the running pipeline's version 2; the paused one,
    /// resumed, processes every event it kept. Returns what the README reports.
    /// </summary>
    public async Task<string> AssertStillProcessing(IReadOnlyList<SiloProcess> silos)
    {
        var http = silos[0].Http;
        var before = (await http.Status(Running))["counters"]!.AsObject();
        await Push(silos, Running, "n", 0, EventsPerStage);
        Assert.Equal("Running", (string?)(await silos[^1].Http.Command(Paused, "resume"))["state"]);

        // Every output written before the kill is still there, and the new ones and the kept ones arrive.
        await AssertAmounts(http, Before.Concat(Stage("n", 0, EventsPerStage, RunningV2)).Concat(Stage("p", EventsPerStage, _keptWhilePaused, PausedV1)));
        var running = await Eventually.Holds(() => http.Status(Running),
            s => (long?)s["counters"]!["in"] >= (long?)before["in"] + EventsPerStage, Patience, $"{Running} counting the new events");
        var resumed = await Eventually.Holds(() => http.Status(Paused),
            s => (long?)s["counters"]!["in"] >= (long?)_pausedSaved["in"] + _keptWhilePaused, Patience, $"{Paused} counting the kept events");
        return $"pipelines: {Running} counters {_runningSaved.ToJsonString()} saved before the kill, {before.ToJsonString()} read after it, " +
            $"{running["counters"]!.ToJsonString()} after {EventsPerStage} new events; {Paused} {_pausedSaved.ToJsonString()} at the pause and after the kill, " +
            $"{resumed["counters"]!.ToJsonString()} once resumed with its {_keptWhilePaused} kept events";
    }

    /// <summary>The outputs written before the kill: both stages of the running pipeline, the first of the paused one.</summary>
    private static IEnumerable<(string Card, double Amount)> Before =>
        Stage("r", 0, EventsPerStage, RunningV1).Concat(Stage("r", EventsPerStage, EventsPerStage, RunningV2)).Concat(Stage("p", 0, EventsPerStage, PausedV1));

    private static string EndpointSpec => $$$"""{"description": "survives a crash", "graph": {"model": "crash-model-{{{EndpointModel}}}@champion"}}""";

    private static string Definition(string name, string amount) => $$$"""
        {"name": "{{{name}}}", "source": {"type": "rest", "schema": {"X1": "number", "cardId": "string"}},
         "steps": [{"name": "derive", "type": "map", "set": {"amount": "{{{amount}}}"}},
                   {"name": "out", "type": "sink", "to": "featureSet", "featureSet": "{{{OutputSet}}}", "entity": "cardId"}]}
        """;

    /// <summary>Events <c>{prefix}{first}..</c>, each on a card of its own, X1 its number; pushed through every silo in turn.</summary>
    private static async Task Push(IReadOnlyList<SiloProcess> silos, string pipeline, string prefix, int first, int count)
    {
        var chunk = 0;
        foreach (var numbers in Enumerable.Range(first, count).Chunk(6))
        {
            await silos[chunk++ % silos.Count].Http.Pushed(pipeline, numbers.Select(i => PipelineCalls.Event($"{prefix}{i}", Card(prefix, i),
                string.Create(CultureInfo.InvariantCulture, $$"""{"X1": {{i}}, "cardId": "{{Card(prefix, i)}}"}"""))));
        }
    }

    private static string Card(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-card-{i}");

    /// <summary>Each event's card and the amount the given version writes for it.</summary>
    private static IEnumerable<(string Card, double Amount)> Stage(string prefix, int first, int count, string version) =>
        Enumerable.Range(first, count).Select(i => (Card(prefix, i), version switch
        {
            RunningV1 => (double)i,
            RunningV2 => i * 2.0,
            _ => i + 1000.0,
        }));

    /// <summary>Waits (bounded) until every card holds its amount in <see cref="OutputSet"/>: each event processed, by the version expected.</summary>
    private static async Task AssertAmounts(HttpClient http, IEnumerable<(string Card, double Amount)> expected)
    {
        var cards = expected.ToList();
        await Eventually.Holds(async () =>
        {
            var results = (await http.LookedUp(OutputSet, [.. cards.Select(c => c.Card)], ["amount"]))["results"]!.AsArray();
            return string.Join(", ", cards.Select((c, i) => (c, Value: (double?)results[i]!["values"]![0]))
                .Where(x => x.Value != x.c.Amount).Take(8).Select(x => $"{x.c.Card}: {x.Value?.ToString(CultureInfo.InvariantCulture) ?? "none"}, expected {x.c.Amount}"));
        }, mismatches => mismatches.Length == 0, Patience, $"{cards.Count} pipeline outputs in {OutputSet}");
    }

    private static async Task AssertVersions(HttpClient http, string pipeline, string[] amounts)
    {
        var versions = JsonNode.Parse(await (await http.GetAsync($"/api/v1/pipelines/{pipeline}/versions")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(Enumerable.Range(1, amounts.Length), versions.Select(v => (int)v!["version"]!));
        Assert.Equal(amounts, versions.Select(v => (string?)v!["definition"]!["steps"]![0]!["set"]!["amount"]));
    }

    private static void AssertNotBelow(JsonObject saved, JsonObject now, string what)
    {
        foreach (var (counter, value) in saved)
        {
            Assert.True((long?)now[counter] >= (long?)value, $"{what}: counter {counter} is {now[counter]}, below {value} saved before the kill");
        }
    }
}
