using Mle.Bench.Features;
using Mle.Bench.Load;
using Mle.Bench.Reporting;
using Mle.Bench.Servers;

namespace Mle.Bench.Cases;

/// <summary>
/// A million entities of one feature set on one silo process (<c>--case fmscale</c>, a few minutes): what an active
/// entity costs in memory (resident set and live managed heap, each read after a full collection, per active entity
/// at 10,000, 100,000 and all of them), that idle entities deactivate (a 1-minute idle timeout, the shortest the
/// platform accepts), and what a lookup of a deactivated entity costs (activation and a read from the embedded
/// SQLite) beside the same lookup right after, warm.
/// </summary>
public sealed class FeatureScaleCase(BenchOptions options)
{
    private const string Section = "Feature mart at scale (one silo)";
    private const double Mebibyte = 1024 * 1024;
    private const string ActiveMetric = "mle_features_entities_active";
    private const int PushBatch = 2_000;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DeactivationTimeout = TimeSpan.FromMinutes(6);

    /// <summary>The silo's resident set at which loading stops early, so that a shared machine is not pushed into swapping.</summary>
    private const long MaxResidentBytes = 12L * 1024 * 1024 * 1024;

    private int Entities => options.Quick ? 100_000 : 1_000_000;

    private int[] Checkpoints => options.Quick ? [10_000, Entities] : [10_000, 100_000, Entities];

    private int ColdSamples => options.Quick ? 200 : 1_000;

    /// <summary>
    /// How long loading may take before the case measures what it has: on two shared cores new entities load at a few
    /// hundred to a few thousand per second (each is an activation, a storage read and a group-committed write).
    /// </summary>
    private TimeSpan LoadBudget => options.Quick ? TimeSpan.FromMinutes(3) : TimeSpan.FromMinutes(10);

    public async Task<ResultSection> Run()
    {
        await using var silo = await BenchServers.StartSilo(options, "fmscale", new Dictionary<string, string>
        {
            ["Mle__Features__IdleDeactivation"] = IdleTimeout.ToString("c", CultureInfo.InvariantCulture),
            // Workstation GC, as in the cost case: server GC keeps a large budget per core that would hide what entities cost.
            ["DOTNET_gcServer"] = "0",
        });
        using var client = BenchServers.CreateClient(silo, 8, TimeSpan.FromMinutes(5));
        var mart = new FeatureMartRest(client);
        var workload = new FeatureWorkload(Entities, seed: 5);
        await mart.CreateSet();
        // A few entities and lookups first, so the silo's pools and caches are at their working size before the baseline.
        await mart.Push(workload.EventsFor(Entities, Entities + 1_000, 1, DateTimeOffset.UtcNow), 1_000, 1);
        var baseline = await Read(silo, client);
        Console.WriteLine(Invariant($"[fmscale] baseline: {baseline.Resident / Mebibyte:0} MiB resident, {baseline.Managed / Mebibyte:0} MiB managed, {baseline.Active:N0} active"));

        var rows = new List<ResultRow>();
        var notes = new List<string>();
        var loaded = 0;
        var loadTime = TimeSpan.Zero;
        var peak = baseline;
        foreach (var checkpoint in Checkpoints)
        {
            var started = Stopwatch.StartNew();
            for (var from = loaded; from < checkpoint; from += PushBatch * 4)
            {
                await mart.Push(workload.EventsFor(from, Math.Min(from + PushBatch * 4, checkpoint), 1, DateTimeOffset.UtcNow), PushBatch, 4);
                loaded = Math.Min(from + PushBatch * 4, checkpoint);
                if (silo.WorkingSet > MaxResidentBytes)
                {
                    notes.Add(Invariant($"Loading stopped at {loaded:N0} entities: the silo's resident set passed {MaxResidentBytes / Mebibyte / 1024:0} GiB."));
                    break;
                }
                if (loadTime + started.Elapsed > LoadBudget)
                {
                    notes.Add(Invariant($"Loading stopped at {loaded:N0} of {Entities:N0} entities after {LoadBudget.TotalMinutes:0} minutes, the time this case allows itself on a shared machine."));
                    break;
                }
            }
            loadTime += started.Elapsed;
            var reading = await Read(silo, client);
            peak = reading.Resident > peak.Resident ? reading : peak;
            var active = reading.Active - baseline.Active;
            Console.WriteLine(Invariant($"[fmscale] {loaded:N0} entities loaded ({loaded / loadTime.TotalSeconds:N0} events/s so far): {reading.Resident / Mebibyte:0} MiB resident, {reading.Managed / Mebibyte:0} MiB managed, {reading.Active:N0} active"));
            var label = Invariant($"{loaded:N0} entities loaded, {active:N0} active");
            rows.Add(new ResultRow(Section, label + ": resident memory per active entity", "bytes",
                PerEntity(reading.Resident - baseline.Resident, active), Measurement.NotAvailable("no baseline"), Better.Lower));
            rows.Add(new ResultRow(Section, label + ": live managed heap per active entity", "bytes",
                PerEntity(reading.Managed - baseline.Managed, active), Measurement.NotAvailable("no baseline"), Better.Lower));
            if (loaded < checkpoint)
            {
                break;
            }
        }
        notes.Add(Invariant($"Loading {loaded:N0} entities (one event each, write-through, pushes of {PushBatch:N0} events over REST, 4 at a time) took {loadTime.TotalSeconds:0} s, {loaded / loadTime.TotalSeconds:N0} events/s; entities that had been idle for a minute deactivated meanwhile, so the divisor is the silo's own count of active entities (mle.features.entities.active)."));

        // Idle deactivation: nothing touches the entities now; they should all leave memory within the idle timeout
        // plus Orleans' collection quantum (one minute).
        var idle = Stopwatch.StartNew();
        var after = await Read(silo, client);
        while (after.Active > baseline.Active + loaded / 100 && idle.Elapsed < DeactivationTimeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            after = await Read(silo, client, collect: false);
            Console.WriteLine(Invariant($"[fmscale] idle {idle.Elapsed.TotalSeconds:0} s: {after.Active:N0} active"));
        }
        after = await Read(silo, client);
        rows.Add(new ResultRow(Section, Invariant($"active entities {idle.Elapsed.TotalSeconds:0} s after the last push (idle timeout {IdleTimeout.TotalMinutes:0} min)"), "entities",
            Measurement.Of(after.Active), Measurement.Of(peak.Active), Better.Lower));
        rows.Add(new ResultRow(Section, "resident memory once idle entities deactivated, vs at the peak", "MiB",
            Measurement.Of(after.Resident / Mebibyte), Measurement.Of(peak.Resident / Mebibyte), Better.Lower));
        rows.Add(new ResultRow(Section, "live managed heap once idle entities deactivated, vs at the peak", "MiB",
            Measurement.Of(after.Managed / Mebibyte), Measurement.Of(peak.Managed / Mebibyte), Better.Lower));

        // Cold (deactivated: activation + storage read) then warm (the same entity again) single-entity lookups over REST.
        var (cold, warm) = await ColdThenWarm(client, workload, loaded);
        rows.Add(new ResultRow(Section, "single-entity lookup over REST, cold (read from storage) vs warm: p50", "µs", Measurement.Of(cold.P50), Measurement.Of(warm.P50), Better.Lower));
        rows.Add(new ResultRow(Section, "single-entity lookup over REST, cold (read from storage) vs warm: p99", "µs", Measurement.Of(cold.P99), Measurement.Of(warm.P99), Better.Lower));
        var stored = StoredBytes(silo);
        if (stored is { } bytes)
        {
            notes.Add(Invariant($"The data directory held {bytes / Mebibyte:N0} MiB after loading, {bytes / Math.Max(1, loaded + 1_000):N0} bytes per entity."));
        }
        return new ResultSection(
            Section,
            "memory rows: no baseline, the silo before any entity is loaded is the zero; deactivation rows: the same silo at its peak; cold lookups: the same entity looked up again right after (warm)",
            Invariant($"A silo process (workstation GC, Mle:Features:IdleDeactivation={IdleTimeout.TotalMinutes:0} min, write-through on the embedded SQLite) with the card feature set (4 raw features, 4 windowed aggregates from 10 minutes to 1 day); entities loaded with one event each through the REST push. Memory is read after two full collections induced through the runtime's diagnostics port: the resident set (from /proc) and the live managed heap (heap size less fragmentation, from the silo's /metrics), less the silo's own before loading, divided by the entities active at that moment. Cold lookups: {ColdSamples:N0} entities drawn at random once idle entities had deactivated, each looked up alone over REST (all 8 features), then at once again (warm); one request at a time. ") +
                string.Join(" ", notes),
            rows);
    }

    private async Task<(LoadResult Cold, LoadResult Warm)> ColdThenWarm(HttpClient client, FeatureWorkload workload, int loaded)
    {
        var random = new Random(17);
        var cold = LatencyHistograms.Create();
        var warm = LatencyHistograms.Create();
        var started = Stopwatch.GetTimestamp();
        foreach (var entity in new FeatureWorkload(loaded).SampleEntities(random, ColdSamples))
        {
            foreach (var histogram in new[] { cold, warm })
            {
                var sent = Stopwatch.GetTimestamp();
                using var answer = await FeatureMartRest.Lookup(client, [entity]);
                LatencyHistograms.RecordSince(histogram, sent);
                if (answer.RootElement.GetProperty("results")[0].GetProperty("statuses")[0].GetString() != "PRESENT")
                {
                    throw new InvalidOperationException($"Entity '{entity}' lost its features after deactivating: {answer.RootElement.GetRawText()}");
                }
            }
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var result = (LoadResult.From(cold, 0, elapsed), LoadResult.From(warm, 0, elapsed));
        Console.WriteLine(Invariant($"[fmscale] cold p50 {result.Item1.P50:0} µs p99 {result.Item1.P99:0} µs; warm p50 {result.Item2.P50:0} µs p99 {result.Item2.P99:0} µs"));
        return result;
    }

    private static async Task<Reading> Read(ServerProcess silo, HttpClient client, bool collect = true)
    {
        if (collect)
        {
            await SiloGarbage.Collect(silo);
        }
        var scrape = await client.GetStringAsync("metrics");
        return new Reading(
            silo.WorkingSet,
            SiloMetrics.LiveManagedBytes(scrape) ?? throw new InvalidOperationException("the silo's /metrics has no dotnet_gc_last_collection_heap_size_bytes"),
            (long)(SiloMetrics.Sum(scrape, ActiveMetric) ?? 0));
    }

    /// <summary>Bytes per active entity, or why there is no such number.</summary>
    public static Measurement PerEntity(double bytes, long active) =>
        active <= 0 ? Measurement.NotAvailable("no entity was active") : Measurement.Of(bytes / active);

    private static long? StoredBytes(ServerProcess silo) =>
        silo.Environment.TryGetValue("Mle__DataDirectory", out var directory) && Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : null;

    private sealed record Reading(long Resident, double Managed, long Active);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
