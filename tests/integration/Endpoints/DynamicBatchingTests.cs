using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Mle.Errors;
using Mle.Telemetry;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Endpoints;

public sealed class DynamicBatchingTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly string _model = RestCalls.UniqueName("bat");

    private HttpClient Http => fixture.Silo.Http;

    private readonly string _accounts = RestCalls.UniqueName("acct");

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_model, EndpointModels.Binary);
        await Http.CreateAccounts(_accounts, "X1");
        await Http.PushAccounts(_accounts, new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["known-1"] = new Dictionary<string, double> { ["X1"] = 0.5 },
            ["known-2"] = new Dictionary<string, double> { ["X1"] = -1 },
            ["known-3"] = new Dictionary<string, double> { ["X1"] = 1.5 },
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Spec(int maxBatchSize, int maxQueueDelayMs) =>
        $$$$$"""{"graph": {"model": "{{{{{_model}}}}}@1"}, "batching": {"maxBatchSize": {{{{{maxBatchSize}}}}}, "maxQueueDelayMs": {{{{{maxQueueDelayMs}}}}}}}""";

    private static JsonNode Batches(JsonArray variants) => variants.Variant("batching", "batching", "batches")
        ?? throw new Xunit.Sdk.XunitException($"No batching numbers in {variants.ToJsonString()}");

    [Fact]
    public async Task Concurrent_single_row_requests_are_scored_as_one_batch_and_each_caller_gets_its_own_row()
    {
        const int callers = 16;
        var name = RestCalls.UniqueName("bat");
        // A batch as large as the callers and the longest wait allowed: the batch can only go early because it is full.
        await Http.PutEndpoint(name, Spec(callers, 10_000));
        var rows = EndpointCalls.Spread(callers);

        var answers = await Task.WhenAll(rows.Select(r => Http.ScoreEndpoint(name, [EndpointCalls.Row(r.Customer, r.X1, r.X2)])));

        for (var i = 0; i < callers; i++)
        {
            var expected = EndpointModels.Classify(EndpointModels.Binary, rows[i].X1, rows[i].X2);
            var prediction = Assert.Single(answers[i]["predictions"]!.AsArray())!;
            Assert.Equal(expected.Probability, prediction["Probability"].Float());
            Assert.Equal(expected.Score, prediction["Score"].Float());
            Assert.Equal(expected.PredictedLabel, (bool)prediction["PredictedLabel"]!);
            Assert.Single(answers[i]["routes"]!.AsArray());
        }
        var batches = Batches(await Http.Variants(name));
        Assert.Equal(1, (long)batches["calls"]!);
        Assert.Equal(callers, (long)batches["rows"]!);
        // The model scored the sixteen rows in one call.
        var model = (await Http.Variants(name)).Variant("graph", "model", $"{_model}@1")!;
        Assert.Equal(1, (long)model["calls"]!);
        Assert.Equal(callers, (long)model["rows"]!);
        // It went when full, long before the 10 s a lone request would wait.
        Assert.True((double)batches["latencyP99Ms"]! <= 5_000, batches.ToJsonString());
    }

    [Fact]
    public async Task A_dynamic_batch_reaches_the_scoring_engine_as_one_call_of_all_its_rows()
    {
        const int callers = 12;
        var name = RestCalls.UniqueName("bat");
        await Http.PutEndpoint(name, Spec(callers, 10_000));
        var rows = EndpointCalls.Spread(callers);
        // What the silo's scorer measures per engine call (mle.scoring.duration, mle.scoring.rows), for this test's model.
        var calls = 0;
        var scored = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MleTelemetry.Name && instrument.Name is "mle.scoring.duration" or "mle.scoring.rows")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        bool Ours(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "model" && tag.Value is string model && model.EndsWith("/" + _model, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (Ours(tags))
            {
                Interlocked.Increment(ref calls);
            }
        });
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Ours(tags))
            {
                Interlocked.Add(ref scored, value);
            }
        });
        listener.Start();
        // Rows scored is an observable counter (a running total per model, read when metrics are collected): read it
        // before and after, and compare.
        listener.RecordObservableInstruments();
        var scoredBefore = Interlocked.Exchange(ref scored, 0);

        await Task.WhenAll(rows.Select(r => Http.ScoreEndpoint(name, [EndpointCalls.Row(r.Customer, r.X1, r.X2)])));

        listener.RecordObservableInstruments();
        // Every row was scored before any caller was answered: the engine was called once, with all of them.
        Assert.Equal((1, (long)callers), (Volatile.Read(ref calls), Interlocked.Read(ref scored) - scoredBefore));
        var batches = Batches(await Http.Variants(name));
        Assert.Equal((1L, (long)callers), ((long)batches["calls"]!, (long)batches["rows"]!));
    }

    [Fact]
    public async Task A_request_alone_waits_for_company_no_longer_than_max_queue_delay()
    {
        const int delayMs = 200;
        var name = RestCalls.UniqueName("bat");
        await Http.PutEndpoint(name, Spec(64, delayMs));
        var row = EndpointCalls.Spread(1)[0];

        var started = Stopwatch.GetTimestamp();
        var answer = await Http.ScoreEndpoint(name, [EndpointCalls.Row(row.Customer, row.X1, row.X2)]);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(EndpointModels.Classify(EndpointModels.Binary, row.X1, row.X2).Probability, answer["predictions"]![0]!["Probability"].Float());
        // Alone, it waited out the delay for others to join (Triton's semantics), and then went.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(delayMs), $"answered after {elapsed.TotalMilliseconds} ms");
        var batches = Batches(await Http.Variants(name));
        Assert.Equal(1, (long)batches["calls"]!);
        Assert.Equal(1, (long)batches["rows"]!);
        // The recorded wait is the delay, give or take a busy machine: a generous bound, not a benchmark.
        var histogram = batches["latencyHistogram"]!.AsArray().Select(c => (long)c!).ToList();
        var bounds = batches["latencyBucketsMs"]!.AsArray().Select(b => (double)b!).ToList();
        var bucket = histogram.FindIndex(c => c == 1);
        Assert.InRange(bounds[bucket], delayMs, 5_000);
    }

    [Fact]
    public async Task A_request_that_fails_by_its_own_rows_fails_alone_and_the_requests_batched_with_it_are_answered()
    {
        var name = RestCalls.UniqueName("bat");
        // Four callers fill the batch; one names an account without the feature it declares "missing": "fail".
        await Http.PutEndpoint(name, $$$$$"""
            {"enrich": [{"featureSet": "{{{{{_accounts}}}}}", "entity": "cardId", "features": ["X1"], "missing": "fail"}],
             "graph": {"model": "{{{{{_model}}}}}@1"}, "batching": {"maxBatchSize": 4, "maxQueueDelayMs": 10000}}
            """);
        (string Card, float X1)[] cards = [("known-1", 0.5f), ("unknown", 0), ("known-2", -1f), ("known-3", 1.5f)];

        var responses = await Task.WhenAll(cards.Select(c => Http.ScoreEndpointRaw(name, [$$"""{"cardId": "{{c.Card}}", "X2": 0.25}"""])));

        for (var i = 0; i < cards.Length; i++)
        {
            if (cards[i].Card == "unknown")
            {
                var problem = await responses[i].AssertProblem(HttpStatusCode.UnprocessableEntity, ErrorCodes.MissingFeature);
                Assert.Contains("unknown", (string)problem["detail"]!, StringComparison.Ordinal);
                continue;
            }
            Assert.True(responses[i].StatusCode == HttpStatusCode.OK, await responses[i].Content.ReadAsStringAsync());
            var prediction = (await responses[i].Json())["predictions"]![0]!;
            Assert.Equal(EndpointModels.Classify(EndpointModels.Binary, cards[i].X1, 0.25f).Probability, prediction["Probability"].Float());
        }
        // They were batched: one batch of four rows.
        var batches = Batches(await Http.Variants(name));
        Assert.Equal(1, (long)batches["calls"]!);
        Assert.Equal(cards.Length, (long)batches["rows"]!);
    }
}
