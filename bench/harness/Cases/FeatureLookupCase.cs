using System.Net.Http.Json;
using System.Text.Json;
using Mle.Bench.Features;
using Mle.Bench.Load;
using Mle.Bench.Reporting;
using Mle.Bench.Servers;

namespace Mle.Bench.Cases;

/// <summary>
/// Feature lookups over REST: <c>POST /api/v1/featuresets/{name}/lookup</c> on a silo process beside the Feast-style
/// peer (<c>bench/feature-peer</c>: a Redis hash per entity, one pipelined <c>HMGET</c> per entity, the same route,
/// bodies and API-key check) on a private <c>redis-server</c>. Both hold the same entities: the silo gets their
/// events through its push route, and Redis gets what the silo's lookup then answers for each of them, so that
/// the two servers return the same values. One and 100 entities per request, closed loop at each concurrency,
/// the two servers taking turns level by level.
/// </summary>
public sealed class FeatureLookupCase(BenchOptions options)
{
    private const string Section = "Feature lookup over REST";
    private const int DistinctBodies = 256;
    private static readonly int[] EntitiesPerRequest = [1, 100];
    private static readonly int[] Levels = [8, 32, 64];

    private int Entities => options.Quick ? 2_000 : 10_000;

    public async Task<ResultSection> Run()
    {
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        if (!RedisProcess.Installed)
        {
            return Unavailable("redis-server is not installed (Debian package redis-server)");
        }
        await using var redis = await RedisProcess.Start();
        await using var silo = await BenchServers.StartSilo(options, "features");
        using var admin = BenchServers.CreateClient(silo, 8, TimeSpan.FromMinutes(2));
        var mart = new FeatureMartRest(admin);
        var workload = new FeatureWorkload(Entities);
        await mart.CreateSet();
        var loaded = Stopwatch.StartNew();
        var applied = await mart.Push(workload.EventsFor(0, Entities, perEntity: 3, DateTimeOffset.UtcNow), batch: 1000, parallel: 4);
        Console.WriteLine(Invariant($"[fmlookup] pushed {applied:N0} events of {Entities:N0} entities in {loaded.Elapsed.TotalSeconds:0.0} s"));
        // Every chunk is read as of one instant: an aggregate's window ends at the lookup time rounded down to its hop
        // (half-open (T − window, T]), so reads at different instants may straddle a hop boundary and disagree.
        var materializedAt = DateTimeOffset.UtcNow;
        var stored = 0;
        foreach (var chunk in Enumerable.Range(0, Entities).Select(FeatureWorkload.Entity).Chunk(1000))
        {
            using var answer = await mart.Lookup(chunk, materializedAt);
            stored += await FeatureHashLoader.Load(redis.Connection.GetDatabase(), FeatureWorkload.SetName, answer.RootElement);
        }
        Console.WriteLine(Invariant($"[fmlookup] loaded {stored:N0} entities into Redis"));
        await using var peer = await ServerProcess.Start(options.FeaturePeerAssembly,
            [$"--Redis={redis.ConnectionString}", $"--Keys:0={BenchServers.AdminKey}"], BenchServers.QuietEnvironment, "/healthz", TimeSpan.FromSeconds(60));

        var random = new Random(7);
        using var siloClient = BenchServers.CreateClient(silo, Levels.Max() * 2);
        using var peerClient = BenchServers.CreateClient(peer, Levels.Max() * 2);
        foreach (var size in EntitiesPerRequest)
        {
            var bodies = Enumerable.Range(0, DistinctBodies)
                .Select(_ => FeatureBodies.Lookup(workload.SampleEntities(random, size), FeatureWorkload.Features)).ToList();
            var platformTarget = new HttpTarget($"platform {size}", new Uri(silo.BaseUri, $"api/v1/featuresets/{FeatureWorkload.SetName}/lookup"), bodies);
            var peerTarget = new HttpTarget($"peer {size}", new Uri(peer.BaseUri, $"api/v1/featuresets/{FeatureWorkload.SetName}/lookup"), bodies);
            notes.Add(await CompareAnswers(siloClient, peerClient, workload.SampleEntities(random, size), materializedAt));
            // Discarded load, so that tiered JIT has promoted both servers' hot paths before the first measured level.
            await ClosedLoopLoad.Run(peerClient, peerTarget, options.ReferenceConcurrency, options.JitWarmup, options.Warmup);
            await ClosedLoopLoad.Run(siloClient, platformTarget, options.ReferenceConcurrency, options.JitWarmup, options.Warmup);
            foreach (var level in Levels)
            {
                var baseline = await ClosedLoopLoad.Run(peerClient, peerTarget, level, options.Warmup, options.Measure);
                Report(peerTarget, level, baseline);
                var platform = await ClosedLoopLoad.Run(siloClient, platformTarget, level, options.Warmup, options.Measure);
                Report(platformTarget, level, platform);
                rows.AddRange(Rows(Invariant($"{size} entit{(size == 1 ? "y" : "ies")} per request, c={level}"), platform, baseline));
            }
            // What a request costs, which survives a busy machine better than throughput: the peer's CPU is its own
            // plus Redis's, since the platform's work includes what Redis does for the peer.
            var requests = CostRequests(size);
            var peerCost = await Cost(peerClient, peerTarget, requests, () => peer.ReadCpu(), redis.CpuSeconds,
                async () => await peerClient.GetFromJsonAsync<long>("bench/allocated"));
            var platformCost = await Cost(siloClient, platformTarget, requests, () => silo.ReadCpu(), () => 0,
                () => SiloRequestCost.Allocated(siloClient));
            Console.WriteLine(Invariant($"[fmlookup] cost of {size}: platform {platformCost.CpuMicroseconds:0} µs CPU, {platformCost.AllocatedBytes:N0} B; peer + redis {peerCost.CpuMicroseconds:0} µs CPU, peer {peerCost.AllocatedBytes:N0} B"));
            var costLabel = Invariant($"{size} entit{(size == 1 ? "y" : "ies")} per request");
            rows.Add(new ResultRow(Section, costLabel + ": server CPU per request (peer: its own + redis-server's)", "µs",
                Measurement.Of(platformCost.CpuMicroseconds), Measurement.Of(peerCost.CpuMicroseconds), Better.Lower));
            rows.Add(new ResultRow(Section, costLabel + ": bytes allocated per request by the server (.NET heap; Redis not counted)", "bytes",
                Measurement.Of(platformCost.AllocatedBytes), Measurement.Of(peerCost.AllocatedBytes), Better.Lower));
        }
        return new ResultSection(
            Section,
            "bench/feature-peer: a hand-written ASP.NET Core service in the Feast online-store architecture, each entity's features in a Redis hash (values as JSON, event times), one pipelined HMGET per entity through StackExchange.Redis to a local redis-server the harness starts (no persistence), answering the same route, request and response JSON behind the same API-key check (a set lookup of the bearer token)",
            Invariant($"{Entities:N0} entities of the card feature set (4 raw features, 4 windowed aggregates from 10 minutes to 1 day), 3 events each pushed through the platform's REST push (write-through, the default); Redis is loaded with what the platform's lookup answered for every entity as of one instant just after the pushes, so both servers answer the same values (checked as of that instant: the platform evaluates the windows at each request, so its aggregates move on once per hop, while the peer reads materialized values). Every request asks for all 8 features of 1 or 100 distinct random entities ({DistinctBodies} distinct bodies, the same for both). Each server first gets {options.JitWarmup.TotalSeconds:0} s of discarded load; then closed loop, {options.Measure.TotalSeconds:0.#} s per level after {options.Warmup.TotalSeconds:0.#} s warm-up, the peer and the platform in turn at each level. Latency in microseconds. Cost per request: {CostRequests(1):N0} (1 entity) or {CostRequests(100):N0} (100 entities) requests at {options.ReferenceConcurrency} connections, the server's CPU time from /proc (the peer's plus redis-server's) and the bytes its .NET heap allocated (the silo's dotnet_gc_heap_total_allocated_bytes, the peer's GC.GetTotalAllocatedBytes). ") +
                string.Join(" ", notes),
            rows);
    }

    private int CostRequests(int entitiesPerRequest) => (options.Quick ? 1 : 3) * (entitiesPerRequest == 1 ? 3_000 : 300);

    /// <summary>
    /// CPU time and allocated bytes per request over a fixed number of requests at the reference concurrency, read
    /// from the server itself before and after (see the cost case).
    /// </summary>
    private async Task<(double CpuMicroseconds, double AllocatedBytes)> Cost(
        HttpClient client, HttpTarget target, int requests, Func<CpuReading> cpu, Func<double> extraCpuSeconds, Func<Task<long>> allocated)
    {
        var allocatedBefore = await allocated();
        var cpuBefore = cpu();
        var extraBefore = extraCpuSeconds();
        var sent = -1L;
        await Task.WhenAll(Enumerable.Range(0, options.ReferenceConcurrency).Select(_ => Task.Run(async () =>
        {
            long sequence;
            while ((sequence = Interlocked.Increment(ref sent)) < requests)
            {
                await target.Send(client, sequence, CancellationToken.None);
            }
        })));
        var seconds = cpu().SecondsSince(cpuBefore) + extraCpuSeconds() - extraBefore;
        var bytes = await allocated() - allocatedBefore;
        return (seconds * 1e6 / requests, (double)bytes / requests);
    }

    /// <summary>
    /// One lookup on both servers: their results must hold the same values, statuses and event times. The platform is
    /// asked as of the instant Redis was loaded at: its windows move on with the clock (an aggregate changes once per
    /// hop), the peer's materialized values do not, so a lookup now differs once a hop boundary has passed.
    /// </summary>
    private static async Task<string> CompareAnswers(HttpClient silo, HttpClient peer, IReadOnlyList<string> entities, DateTimeOffset materializedAt)
    {
        using var platform = await FeatureMartRest.Lookup(silo, entities, materializedAt);
        using var baseline = await FeatureMartRest.Lookup(peer, entities);
        var platformRows = platform.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetRawText()).ToList();
        var peerRows = baseline.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetRawText()).ToList();
        var differing = Enumerable.Range(0, platformRows.Count).Where(i => i >= peerRows.Count || platformRows[i] != peerRows[i]).ToList();
        var note = differing.Count == 0 && platformRows.Count == peerRows.Count
            ? Invariant($"Checked before measuring: a lookup of {entities.Count} entities answers the same results JSON on both servers.")
            : Invariant($"WARNING: a lookup of {entities.Count} entities answered {differing.Count} different rows on the two servers, e.g. platform {platformRows[differing[0]]}, peer {(differing[0] < peerRows.Count ? peerRows[differing[0]] : "(none)")}.");
        Console.WriteLine($"[fmlookup] {note}");
        return note;
    }

    private static IEnumerable<ResultRow> Rows(string label, LoadResult platform, LoadResult peer)
    {
        var failures = platform.Failed + peer.Failed;
        if (failures > 0)
        {
            label += Invariant($" ({failures} failed requests)");
        }
        Measurement Value(Func<LoadResult, double> metric) => platform.Completed > 0 ? Measurement.Of(metric(platform)) : Measurement.NotAvailable("every request failed");
        yield return new ResultRow(Section, label + ": throughput", "req/s", Value(r => r.Throughput), Measurement.Of(peer.Throughput), Better.Higher);
        yield return new ResultRow(Section, label + ": p50", "µs", Value(r => r.P50), Measurement.Of(peer.P50), Better.Lower);
        yield return new ResultRow(Section, label + ": p99", "µs", Value(r => r.P99), Measurement.Of(peer.P99), Better.Lower);
    }

    private static ResultSection Unavailable(string reason) => new(Section, "the Feast-style peer on Redis", reason,
        [new ResultRow(Section, "lookups", "req/s", Measurement.NotAvailable(reason), Measurement.NotAvailable(reason), Better.Higher)]);

    private static void Report(HttpTarget target, int level, LoadResult result) =>
        Console.WriteLine(Invariant($"[fmlookup] {target.Name,-14} c={level,-3} {result.Throughput,9:0} req/s  p50 {result.P50,7:0} µs  p99 {result.P99,7:0} µs  failed {result.Failed}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
