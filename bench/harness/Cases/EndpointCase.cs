using System.Text;
using System.Text.Json;
using Mle.Bench.Features;
using Mle.Bench.Load;
using Mle.Bench.Models;
using Mle.Bench.Reporting;
using Mle.Bench.Requests;
using Mle.Bench.Servers;
using FeatureEvent = Mle.Features.FeatureEvent;
using FeatureValue = Mle.Features.FeatureValue;

namespace Mle.Bench.Cases;

/// <summary>
/// Serving endpoints (case <c>endpoint</c>) beside direct model scoring in the same silo process and run, with the
/// <c>http</c> case's load generator and servers: a single-model endpoint against <c>/api/v1/models/risk/.../score</c>
/// at 8, 32 and 64 connections; the same endpoint with dynamic batching on against off at 64 clients; and the p99
/// that feature enrichment adds (one <c>enrich</c> block over a feature set of 10,000 entities) against the same
/// endpoint whose requests carry the feature themselves, at the same open-loop rate.
/// </summary>
public sealed class EndpointCase(BenchOptions options, ModelCache models)
{
    private const string Section = "Serving endpoints";
    private const int DistinctRows = 256;
    private const int BatchingClients = 64;
    private const string FeatureSet = "customers";
    private const string EnrichedFeature = "Region";
    private const int MaxQueueDelayMs = 2;
    private const string Batching = """{"maxBatchSize": 64, "maxQueueDelayMs": 2}""";
    private static readonly int[] Levels = [8, 32, 64];

    private int Entities => options.Quick ? 2_000 : 10_000;

    public async Task<ResultSection> Run()
    {
        var rows = FeatureRow.Sample(BenchmarkModels.Risk, DistinctRows);
        var results = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            await Measure(rows, results, notes);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException or HttpRequestException or TaskCanceledException)
        {
            var reason = e.Message.Split(Environment.NewLine)[0];
            Console.WriteLine($"[endpoint] not available: {reason}");
            results.Add(new ResultRow(Section, "single-model endpoint vs direct scoring", "req/s", Measurement.NotAvailable(reason), Measurement.NotAvailable(reason), Better.Higher));
        }
        return new ResultSection(
            Section,
            "direct scoring of the same model version on the same silo in the same run: POST /api/v1/models/risk/versions/{v}/score with the same rows (for batching: the same endpoint with batching off; for enrichment: the same endpoint, the request carrying the feature itself)",
            Invariant($"Single-row requests of the risk model on loopback, one load generator (bench/harness/Load), one silo process. Each target first gets {options.JitWarmup.TotalSeconds:0} s of discarded load (tiered JIT); closed loop: {options.Measure.TotalSeconds:0.#} s per level after {options.Warmup.TotalSeconds:0.#} s warm-up, the targets taking turns level by level. Batching: {{\"maxBatchSize\": 64, \"maxQueueDelayMs\": 2}} at {BatchingClients} clients. Enrichment: a feature set of {Entities:N0} entities (one event each, write-through), the endpoint enriching {EnrichedFeature} by customerId (requests carry customerId and the other columns); both endpoints at the same open-loop rate (half the plain endpoint's throughput at 8 connections), latency from the intended send time. Latency in microseconds. Cost per request: {CostRequests:N0} requests at {options.ReferenceConcurrency} connections, the silo's CPU time (its threads, from /proc) and the bytes its .NET heap allocated (dotnet_gc_heap_total_allocated_bytes), endpoint and direct scoring in turn, the median of {(options.Quick ? 1 : 3)} round(s). ") +
                string.Join(" ", notes),
            results);
    }

    private async Task Measure(IReadOnlyList<FeatureRow> rows, List<ResultRow> results, List<string> notes)
    {
        await using var server = await BenchServers.StartSilo(options, "endpoint");
        using var admin = BenchServers.CreateClient(server, 4, TimeSpan.FromMinutes(2));
        var version = await BenchServers.Register(new PlatformRestClient(admin), models, BenchmarkModels.Risk);
        var model = $"{BenchmarkModels.Risk.Name}@{version}";
        await Put(admin, "risk-endpoint", $$$$$"""{"graph": {"model": "{{{{{model}}}}}"}}""");
        await Put(admin, "risk-batched", $$$$$"""{"graph": {"model": "{{{{{model}}}}}"}, "batching": {{{{{Batching}}}}}}""");
        await LoadEntities(admin, rows);
        await Put(admin, "risk-enriched", $$$$$"""
            {"entityKey": "customerId", "enrich": [{"featureSet": "{{{{{FeatureSet}}}}}", "entity": "customerId", "features": ["{{{{{EnrichedFeature}}}}}"], "missing": "fail"}],
             "graph": {"model": "{{{{{model}}}}}"}}
            """);

        var bodies = rows.Select(r => RequestBodies.PlatformRows([r])).ToList();
        var random = new Random(17);
        var enrichedBodies = Enumerable.Range(0, DistinctRows).Select(_ => random.Next(Entities))
            .Select(entity => RequestBodies.PlatformRows([Keyed(rows[entity % rows.Count], entity)])).ToList();
        var direct = new HttpTarget("direct /api/v1 score", new Uri(server.BaseUri, $"api/v1/models/{BenchmarkModels.Risk.Name}/versions/{version}/score"), bodies);
        var endpoint = new HttpTarget("endpoint", new Uri(server.BaseUri, "api/v1/endpoints/risk-endpoint/score"), bodies);
        var batched = new HttpTarget("endpoint, batching on", new Uri(server.BaseUri, "api/v1/endpoints/risk-batched/score"), bodies);
        var enriched = new HttpTarget("endpoint, enriched", new Uri(server.BaseUri, "api/v1/endpoints/risk-enriched/score"), enrichedBodies);

        using var client = BenchServers.CreateClient(server, Levels.Max() * 2);
        notes.Add(await CompareAnswers(client, direct, [endpoint, batched, enriched]));
        foreach (var target in (HttpTarget[])[direct, endpoint, batched, enriched])
        {
            await ClosedLoopLoad.Run(client, target, options.ReferenceConcurrency, options.JitWarmup, options.Warmup);
        }

        await MeasureCost(server, client, direct, endpoint, options.ReferenceConcurrency, "single-model endpoint vs direct score", results);

        var plain = new Dictionary<int, LoadResult>();
        foreach (var level in Levels)
        {
            var baseline = await Closed(client, direct, level);
            plain[level] = await Closed(client, endpoint, level);
            results.AddRange(Rows(Invariant($"single-model endpoint vs direct score, c={level}"), plain[level], baseline));
        }

        var off = await Closed(client, endpoint, BatchingClients);
        var before = await BatchCounts(admin, "risk-batched");
        var on = await Closed(client, batched, BatchingClients);
        var after = await BatchCounts(admin, "risk-batched");
        // Where a batched request's time goes: the wait in the queue (the first request of each batch, the longest),
        // the batch's one score call (the model node's latency), and what each request costs the silo either way.
        var wait = Median(after.Waits, before.Waits, after.Bounds);
        var scoring = Median(after.Scoring, before.Scoring, after.Bounds);
        results.Add(new ResultRow(Section, Invariant($"risk at {BatchingClients} clients, batching on: queue wait of a batch's first request, p50 (histogram bucket bound; baseline maxQueueDelayMs)"), "ms",
            wait is { } w ? Measurement.Of(w) : Measurement.NotAvailable("no batch recorded"), Measurement.Of(MaxQueueDelayMs), Better.Lower));
        results.Add(new ResultRow(Section, Invariant($"risk at {BatchingClients} clients, batching on: one batch's score call, p50 (histogram bucket bound; baseline the queue wait)"), "ms",
            scoring is { } t ? Measurement.Of(t) : Measurement.NotAvailable("no batch recorded"), wait is { } b ? Measurement.Of(b) : Measurement.NotAvailable("no batch recorded"), Better.Lower));
        await MeasureCost(server, client, endpoint, batched, BatchingClients, Invariant($"risk at {BatchingClients} clients, batching on vs off"), results);
        results.AddRange(Rows(Invariant($"risk at {BatchingClients} clients, batching on vs off"), on, off));
        var (batches, batchedRows) = (after.Batches - before.Batches, after.Rows - before.Rows);
        var meanBatch = batches == 0 ? double.NaN : (double)batchedRows / batches;
        results.Add(new ResultRow(Section, Invariant($"risk at {BatchingClients} clients, batching on: rows per scored batch (off: 1)"), "rows",
            batches == 0 ? Measurement.NotAvailable("no batch recorded") : Measurement.Of(meanBatch), Measurement.Of(1), Better.Higher));
        Console.WriteLine(Invariant($"[endpoint] batching on: {batchedRows:N0} rows in {batches:N0} batches, {meanBatch:0.0} rows per batch"));

        var rate = Math.Max(50, Math.Round(plain[options.ReferenceConcurrency].Throughput / 2 / 50) * 50);
        var withoutEnrichment = await Open(client, endpoint, rate);
        var withEnrichment = await Open(client, enriched, rate);
        var label = Invariant($"enrichment ({Entities:N0} entities, 1 feature), open loop {rate:0} req/s");
        Measurement Of(LoadResult result, Func<LoadResult, double> metric) =>
            result.Completed > 0 ? Measurement.Of(metric(result)) : Measurement.NotAvailable("every request failed");
        var failures = withEnrichment.Failed + withoutEnrichment.Failed;
        var failed = failures > 0 ? Invariant($" ({failures} failed requests)") : "";
        results.Add(new ResultRow(Section, $"{label}{failed}: p50 with vs without", "µs", Of(withEnrichment, r => r.P50), Of(withoutEnrichment, r => r.P50), Better.Lower));
        results.Add(new ResultRow(Section, $"{label}{failed}: p99 with vs without", "µs", Of(withEnrichment, r => r.P99), Of(withoutEnrichment, r => r.P99), Better.Lower));
        results.Add(new ResultRow(Section, $"{label}{failed}: p99 added by enrichment (baseline: the p99 without)", "µs",
            withEnrichment.Completed > 0 && withoutEnrichment.Completed > 0 ? Measurement.Of(withEnrichment.P99 - withoutEnrichment.P99) : Measurement.NotAvailable("every request failed"),
            Of(withoutEnrichment, r => r.P99), Better.Lower));
    }

    private int CostRequests => options.Quick ? 2_000 : 6_000;

    /// <summary>
    /// CPU time and allocated bytes per request of the endpoint and of direct scoring, the two taking turns over a few
    /// rounds (the median kept): what the endpoint path costs beyond scoring, whatever the machine's load.
    /// </summary>
    private async Task MeasureCost(ServerProcess server, HttpClient client, HttpTarget direct, HttpTarget endpoint, int concurrency, string what, List<ResultRow> results)
    {
        var rounds = options.Quick ? 1 : 3;
        var samples = new Dictionary<HttpTarget, List<(double Cpu, double Bytes)>> { [direct] = [], [endpoint] = [] };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var target in samples.Keys)
            {
                samples[target].Add(await SiloRequestCost.Measure(server, client, target, CostRequests, concurrency));
            }
        }
        double Median(HttpTarget target, Func<(double Cpu, double Bytes), double> metric) =>
            samples[target].Select(metric).Order().ElementAt(rounds / 2);
        Console.WriteLine(Invariant($"[endpoint] cost per request: {endpoint.Name} {Median(endpoint, s => s.Cpu):0} µs CPU, {Median(endpoint, s => s.Bytes):N0} B; {direct.Name} {Median(direct, s => s.Cpu):0} µs CPU, {Median(direct, s => s.Bytes):N0} B"));
        var label = Invariant($"{what}, {CostRequests:N0} requests at c={concurrency}");
        results.Add(new ResultRow(Section, label + ": server CPU per request", "µs", Measurement.Of(Median(endpoint, s => s.Cpu)), Measurement.Of(Median(direct, s => s.Cpu)), Better.Lower));
        results.Add(new ResultRow(Section, label + ": bytes allocated per request by the server", "bytes", Measurement.Of(Median(endpoint, s => s.Bytes)), Measurement.Of(Median(direct, s => s.Bytes)), Better.Lower));
    }

    /// <summary>The row with the enriched feature taken out and the entity that holds it put in.</summary>
    private static FeatureRow Keyed(FeatureRow row, int entity) =>
        new([new("customerId", Customer(entity)), .. row.Values.Where(v => v.Key != EnrichedFeature)]);

    private static string Customer(int entity) => Invariant($"customer-{entity:D6}");

    /// <summary>The feature set, and one event per entity holding the enriched feature of the row that entity's requests use.</summary>
    private async Task LoadEntities(HttpClient admin, IReadOnlyList<FeatureRow> rows)
    {
        var create = $$$$$"""{"name": "{{{{{FeatureSet}}}}}", "entityKey": "customerId", "features": [{"name": "{{{{{EnrichedFeature}}}}}", "type": "string"}], "maxAge": "1d"}""";
        using (var created = await admin.PostAsync("api/v1/featuresets", new StringContent(create, Encoding.UTF8, "application/json")))
        {
            await PlatformRestClient.EnsureSuccess(created, "create the feature set");
        }
        var now = DateTimeOffset.UtcNow.AddSeconds(-5);
        var loading = Stopwatch.StartNew();
        var events = Enumerable.Range(0, Entities).Select(entity => new FeatureEvent($"e-{entity}", Customer(entity), now,
            new Dictionary<string, FeatureValue> { [EnrichedFeature] = FeatureValue.String((string)rows[entity % rows.Count].Values.Single(v => v.Key == EnrichedFeature).Value) }));
        var applied = 0L;
        await Parallel.ForEachAsync(events.Chunk(1000), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, cancellation) =>
        {
            var body = new ByteArrayContent(FeatureBodies.Push(chunk)) { Headers = { ContentType = new("application/json") } };
            using var response = await admin.PostAsync($"api/v1/featuresets/{FeatureSet}/push", body, cancellation);
            await PlatformRestClient.EnsureSuccess(response, "push events");
            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellation), cancellationToken: cancellation);
            Interlocked.Add(ref applied, answer.RootElement.GetProperty("applied").GetInt64());
        });
        Console.WriteLine(Invariant($"[endpoint] pushed {applied:N0} events of {Entities:N0} entities in {loading.Elapsed.TotalSeconds:0.0} s"));
    }

    private static async Task Put(HttpClient admin, string name, string spec)
    {
        using var response = await admin.PutAsync($"api/v1/endpoints/{name}", new StringContent(spec, Encoding.UTF8, "application/json"));
        await PlatformRestClient.EnsureSuccess(response, $"put endpoint {name}");
    }

    /// <summary>
    /// Dynamic batches and their rows so far, with two latency histograms: the queue wait of each batch's first request
    /// and the batch's score call (the graph's one model node), from the endpoint's variants (summed over the silos).
    /// </summary>
    private static async Task<BatchNumbers> BatchCounts(HttpClient admin, string name)
    {
        using var variants = await JsonDocument.ParseAsync(await admin.GetStreamAsync($"api/v1/endpoints/{name}/variants"));
        var numbers = new BatchNumbers(0, 0, [], [], []);
        foreach (var variant in variants.RootElement.GetProperty("variants").EnumerateArray())
        {
            var histogram = variant.GetProperty("latencyHistogram").EnumerateArray().Select(c => c.GetInt64()).ToArray();
            var bounds = variant.GetProperty("latencyBucketsMs").EnumerateArray().Select(b => b.GetDouble()).ToArray();
            numbers = variant.GetProperty("kind").GetString() switch
            {
                "batching" => numbers with { Batches = variant.GetProperty("calls").GetInt64(), Rows = variant.GetProperty("rows").GetInt64(), Waits = histogram, Bounds = bounds },
                "model" => numbers with { Scoring = histogram, Bounds = bounds },
                _ => numbers,
            };
        }
        return numbers;
    }

    /// <summary>The upper bound of the bucket holding the median of what a histogram counted between two readings.</summary>
    private static double? Median(long[] after, long[] before, double[] bounds)
    {
        var counts = after.Select((c, i) => c - (i < before.Length ? before[i] : 0)).ToArray();
        var total = counts.Sum();
        var seen = 0L;
        for (var i = 0; i < counts.Length && total > 0; i++)
        {
            seen += counts[i];
            if (seen * 2 >= total)
            {
                return i < bounds.Length ? bounds[i] : double.PositiveInfinity;
            }
        }
        return null;
    }

    private sealed record BatchNumbers(long Batches, long Rows, long[] Waits, long[] Scoring, double[] Bounds);

    /// <summary>
    /// Every endpoint answers the first body (the enriched one its own first body, whose row differs) with a
    /// probability; the plain endpoint's must be the direct route's, to the last digit: a sanity check, not a benchmark.
    /// </summary>
    private static async Task<string> CompareAnswers(HttpClient client, HttpTarget direct, IReadOnlyList<HttpTarget> endpoints)
    {
        var expected = await Probability(client, direct);
        foreach (var endpoint in endpoints)
        {
            var answered = await Probability(client, endpoint);
            if (endpoint.Bodies == direct.Bodies && answered != expected)
            {
                throw new InvalidOperationException($"The endpoint '{endpoint.Name}' answered Probability {answered}, direct scoring {expected}.");
            }
        }
        var note = Invariant($"Checked before measuring: the endpoints answer the first row with direct scoring's probability ({expected}).");
        Console.WriteLine($"[endpoint] {note}");
        return note;
    }

    /// <summary>The first body's Probability as answered (both routes answer <c>{"predictions": [{...}]}</c>).</summary>
    private static async Task<string> Probability(HttpClient client, HttpTarget target)
    {
        using var response = await client.SendAsync(target.CreateRequest(0));
        await PlatformRestClient.EnsureSuccess(response, $"score through {target.Name}");
        using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return answer.RootElement.GetProperty("predictions")[0].GetProperty("Probability").GetRawText();
    }

    private async Task<LoadResult> Closed(HttpClient client, HttpTarget target, int level)
    {
        var result = await ClosedLoopLoad.Run(client, target, level, options.Warmup, options.Measure);
        Console.WriteLine(Invariant($"[endpoint] {target.Name,-24} c={level,-3} {result.Throughput,9:0} req/s  p50 {result.P50,7:0} µs  p99 {result.P99,7:0} µs  failed {result.Failed}"));
        return result;
    }

    private async Task<LoadResult> Open(HttpClient client, HttpTarget target, double rate)
    {
        var result = await OpenLoopLoad.Run(client, target, rate, options.Measure);
        Console.WriteLine(Invariant($"[endpoint] {target.Name,-24} open {rate:0}/s  p50 {result.P50,7:0} µs  p99 {result.P99,7:0} µs  failed {result.Failed}"));
        return result;
    }

    private static IEnumerable<ResultRow> Rows(string label, LoadResult platform, LoadResult baseline)
    {
        var failures = platform.Failed + baseline.Failed;
        if (failures > 0)
        {
            label += Invariant($" ({failures} failed requests)");
        }
        Measurement Value(LoadResult result, Func<LoadResult, double> metric) =>
            result.Completed > 0 ? Measurement.Of(metric(result)) : Measurement.NotAvailable("every request failed");
        yield return new ResultRow(Section, label + ": throughput", "req/s", Value(platform, r => r.Throughput), Value(baseline, r => r.Throughput), Better.Higher);
        yield return new ResultRow(Section, label + ": p50", "µs", Value(platform, r => r.P50), Value(baseline, r => r.P50), Better.Lower);
        yield return new ResultRow(Section, label + ": p99", "µs", Value(platform, r => r.P99), Value(baseline, r => r.P99), Better.Lower);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
