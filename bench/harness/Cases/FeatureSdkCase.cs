using Microsoft.Extensions.DependencyInjection;
using Mle.Bench.Features;
using Mle.Bench.InProcess;
using Mle.Bench.Load;
using Mle.Bench.Reporting;
using Mle.Bench.Servers;
using Mle.Client;
using Mle.Features;

namespace Mle.Bench.Cases;

/// <summary>
/// Feature lookups through the SDK inside a silo (the platform's own composition started in the benchmark process,
/// its co-hosted <see cref="IMleClient"/>), one call at a time, beside the Feast client's online read of the same
/// entities from a local Redis (pipelined <c>HMGET</c>s decoded into the same typed rows); and freshness: the time
/// from a push's acknowledgement until a lookup first shows its event, beside a Redis <c>HSET</c> acknowledged and
/// then read back.
/// </summary>
public sealed class FeatureSdkCase(BenchOptions options)
{
    private const string Section = "Feature lookup through the SDK (in silo) and freshness";
    private const int DistinctRequests = 256;
    private static readonly int[] EntitiesPerRequest = [1, 100];

    private int Entities => options.Quick ? 2_000 : 10_000;

    private int FreshnessSamples => options.Quick ? 300 : 2_000;

    public async Task<ResultSection> Run()
    {
        var directory = Path.Combine(options.ScratchDirectory, $"fmsdk-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        await using var redis = RedisProcess.Installed ? await RedisProcess.Start() : null;
        await using var platform = await InProcessPlatform.Start(directory);
        var features = platform.Services.GetRequiredService<IMleClient>().Features;
        var workload = new FeatureWorkload(Entities);
        await features.CreateAsync(FeatureWorkload.SetName, FeatureWorkload.Spec());
        foreach (var chunk in workload.EventsFor(0, Entities, perEntity: 3, DateTimeOffset.UtcNow).Chunk(1000))
        {
            await features.PushAsync(FeatureWorkload.SetName, chunk);
        }
        var store = redis is null ? null : new OnlineStoreReader(redis.Connection.GetDatabase(), FeatureWorkload.SetName);
        if (redis is not null)
        {
            foreach (var chunk in Enumerable.Range(0, Entities).Select(FeatureWorkload.Entity).Chunk(1000))
            {
                await FeatureHashLoader.Load(redis.Connection.GetDatabase(), FeatureWorkload.SetName,
                    await features.LookupAsync(FeatureWorkload.SetName, chunk, FeatureWorkload.Features));
            }
        }
        var missing = redis is null ? "redis-server is not installed (Debian package redis-server)" : null;

        var rows = new List<ResultRow>();
        var random = new Random(11);
        foreach (var size in EntitiesPerRequest)
        {
            var requests = Enumerable.Range(0, DistinctRequests).Select(_ => workload.SampleEntities(random, size)).ToList();
            Func<long, Task> sdk = n => features.LookupAsync(FeatureWorkload.SetName, requests[(int)(n % requests.Count)], FeatureWorkload.Features);
            Func<long, Task>? baseline = store is null ? null : n => store.Lookup(requests[(int)(n % requests.Count)], FeatureWorkload.Features);
            // Discarded calls first (tiered JIT), both sides.
            await SequentialCalls.Run(sdk, options.JitWarmup, TimeSpan.Zero);
            if (baseline is not null)
            {
                await SequentialCalls.Run(baseline, options.JitWarmup, TimeSpan.Zero);
            }
            var measured = await SequentialCalls.Run(sdk, options.Warmup, options.Measure);
            var reference = baseline is null ? null : await SequentialCalls.Run(baseline, options.Warmup, options.Measure);
            Report($"sdk {size}", measured);
            if (reference is not null)
            {
                Report($"redis {size}", reference);
            }
            var label = Invariant($"{size} entit{(size == 1 ? "y" : "ies")} per call (target p99 ≤ {(size == 1 ? "1" : "10")} ms)");
            rows.Add(Row(label + ": p50", measured.P50, reference?.P50, missing));
            rows.Add(Row(label + ": p99", measured.P99, reference?.P99, missing));
            rows.Add(Row(label + ": p99.9", measured.P999, reference?.P999, missing));
        }

        var freshness = await PlatformFreshness(features, workload);
        var redisFreshness = redis is null ? null : await RedisFreshness(redis.Connection.GetDatabase());
        rows.Add(Row("push acknowledged → visible to a lookup: p50", freshness.P50, redisFreshness?.P50, missing));
        rows.Add(Row("push acknowledged → visible to a lookup: p99", freshness.P99, redisFreshness?.P99, missing));
        return new ResultSection(
            Section,
            "the Feast client's online read of the same entities from a local redis-server: one pipelined HMGET per entity through StackExchange.Redis, each value decoded from its stored JSON into the same typed rows (FeatureLookupResult); for freshness, an HSET acknowledged, then HMGET until it shows",
            Invariant($"Platform: the silo's own composition (MleHost) in the benchmark process, write-through (the default), {Entities:N0} entities of the card feature set (4 raw features, 4 windowed aggregates) with 3 events each; IMleClient.Features.LookupAsync (co-hosted: a local call to the mart's stateless worker, which fans out to the entity grains in parallel) for all 8 features of 1 or 100 distinct random entities ({DistinctRequests} distinct requests), one call at a time for {options.Measure.TotalSeconds:0.#} s after {options.JitWarmup.TotalSeconds:0} s of discarded calls; Redis holds what the platform's lookup answered for every entity. Freshness: {FreshnessSamples:N0} times, one event pushed through PushAsync to a random entity, then LookupAsync of it until its value shows, timed from the push's acknowledgement (the platform is read-your-writes: an acknowledged event is in its entity's memory, so the first lookup shows it). Latency in microseconds."),
            rows);
    }

    private async Task<LoadResult> PlatformFreshness(IFeaturesClient features, FeatureWorkload workload)
    {
        var histogram = LatencyHistograms.Create();
        var random = new Random(13);
        var started = Stopwatch.GetTimestamp();
        string[] items = ["items"];
        for (var n = 0; n < FreshnessSamples; n++)
        {
            var entity = random.Next(workload.Entities);
            var marker = 1_000_000L + n;
            var time = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await features.PushAsync(FeatureWorkload.SetName, [workload.Marked(entity, marker, time)]);
            var acknowledged = Stopwatch.GetTimestamp();
            while (true)
            {
                var row = (await features.LookupAsync(FeatureWorkload.SetName, [FeatureWorkload.Entity(entity)], items)).Rows[0];
                if (row.Values[0].Kind == FeatureValueKind.Int && row.Values[0].Integer == marker)
                {
                    break;
                }
            }
            LatencyHistograms.RecordSince(histogram, acknowledged);
        }
        var result = LoadResult.From(histogram, 0, Stopwatch.GetElapsedTime(started));
        Report("sdk freshness", result);
        return result;
    }

    private async Task<LoadResult> RedisFreshness(StackExchange.Redis.IDatabase redis)
    {
        var histogram = LatencyHistograms.Create();
        var random = new Random(13);
        var started = Stopwatch.GetTimestamp();
        StackExchange.Redis.RedisValue[] items = ["items"];
        for (var n = 0; n < FreshnessSamples; n++)
        {
            var key = FeaturePeer.FeatureHashLayout.Key(FeatureWorkload.SetName, FeatureWorkload.Entity(random.Next(Entities)));
            var marker = 1_000_000L + n;
            await redis.HashSetAsync(key, "items", marker);
            var acknowledged = Stopwatch.GetTimestamp();
            while ((long)(await redis.HashGetAsync(key, items))[0] != marker)
            {
            }
            LatencyHistograms.RecordSince(histogram, acknowledged);
        }
        var result = LoadResult.From(histogram, 0, Stopwatch.GetElapsedTime(started));
        Report("redis freshness", result);
        return result;
    }

    private static ResultRow Row(string label, double platform, double? baseline, string? missing) => new(
        Section, label, "µs", double.IsNaN(platform) ? Measurement.NotAvailable("nothing completed") : Measurement.Of(platform),
        baseline is { } b ? Measurement.Of(b) : Measurement.NotAvailable(missing ?? "not measured"), Better.Lower);

    private static void Report(string name, LoadResult result) =>
        Console.WriteLine(Invariant($"[fmsdk] {name,-16} {result.Completed,8} calls  p50 {result.P50,7:0} µs  p99 {result.P99,7:0} µs  p99.9 {result.P999,7:0} µs"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
