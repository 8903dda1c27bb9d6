using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mle.Bench.Features;
using Mle.Bench.InProcess;
using Mle.Bench.Reporting;
using Mle.Client;
using Mle.Features;

namespace Mle.Bench.Cases;

/// <summary>
/// Feature ingest on the embedded SQLite default: events pushed through the SDK inside a silo (the platform's own
/// composition in the benchmark process) by a few concurrent pushers, write-through (the default: every entity's
/// state written, group-committed, before the push is acknowledged) and write-behind (each entity writes at most
/// once a second), beside raw Microsoft.Data.Sqlite inserts of the same events into one table (WAL,
/// <c>synchronous=FULL</c> like the provider), one transaction per push batch, acknowledged batch by batch.
/// </summary>
public sealed class FeatureIngestCase(BenchOptions options)
{
    private const string Section = "Feature ingest (embedded SQLite)";
    private const int Batch = 500;
    private const int Pushers = 4;

    private int Entities => options.Quick ? 2_000 : 10_000;

    public async Task<ResultSection> Run()
    {
        var (through, throughCalls) = await MeasurePlatform("write-through", []);
        var (behind, behindCalls) = await MeasurePlatform("write-behind", ["--Mle:Features:WriteBehind=00:00:01"]);
        var raw = MeasureRaw();
        var rows = new List<ResultRow>
        {
            new(Section, "write-through (target ≥ 10,000 events/s) vs raw SQLite, one transaction per batch", "events/s", Measurement.Of(through.Rate), Measurement.Of(raw.Rate), Better.Higher),
            new(Section, "write-behind, 1 s (target ≥ 50,000 events/s) vs raw SQLite, one transaction per batch", "events/s", Measurement.Of(behind.Rate), Measurement.Of(raw.Rate), Better.Higher),
            // What an event costs survives a busy machine better than the rate: the process's CPU time and allocations
            // over the measured time, per event (the pushers' own work, making the events, is in both columns).
            new(Section, "write-through: CPU per event (the whole process) vs raw SQLite's", "µs", Measurement.Of(through.CpuMicroseconds), Measurement.Of(raw.CpuMicroseconds), Better.Lower),
            new(Section, "write-behind: CPU per event (the whole process) vs raw SQLite's", "µs", Measurement.Of(behind.CpuMicroseconds), Measurement.Of(raw.CpuMicroseconds), Better.Lower),
            new(Section, "write-through: bytes allocated per event vs raw SQLite's", "bytes", Measurement.Of(through.AllocatedBytes), Measurement.Of(raw.AllocatedBytes), Better.Lower),
            new(Section, "write-behind: bytes allocated per event vs raw SQLite's", "bytes", Measurement.Of(behind.AllocatedBytes), Measurement.Of(raw.AllocatedBytes), Better.Lower),
        };
        return new ResultSection(
            Section,
            Invariant($"raw Microsoft.Data.Sqlite inserts of the same events (id, entity, time, values as JSON) into one table, WAL and synchronous=FULL like the platform's provider, one transaction per batch of {Batch} from one thread, on the same disk"),
            Invariant($"{Entities:N0} entities of the card feature set (4 raw features, 4 windowed aggregates); every push carries {Batch} events of entities drawn at random (so about as many entities), {Pushers} pushers at a time through IMleClient.Features.PushAsync (co-hosted), for {options.Measure.TotalSeconds:0.#} s after {options.Warmup.TotalSeconds:0.#} s of warm-up, once every entity has been activated by one event each. Events per second are applied events over the measured time; write-behind's last writes happen after it. How the measured pushes reached their entities, per push (the silo's FeatureCallCounts): write-through {throughCalls}; write-behind {behindCalls}. The machine was shared while measuring."),
            rows);
    }

    private async Task<(Cost Cost, string Calls)> MeasurePlatform(string mode, string[] settings)
    {
        var directory = Path.Combine(options.ScratchDirectory, $"fmingest-{mode}-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        await using var platform = await InProcessPlatform.Start(directory, settings);
        var features = platform.Services.GetRequiredService<IMleClient>().Features;
        var workload = new FeatureWorkload(Entities, seed: 21);
        await features.CreateAsync(FeatureWorkload.SetName, FeatureWorkload.Spec());
        foreach (var chunk in workload.EventsFor(0, Entities, perEntity: 1, DateTimeOffset.UtcNow).Chunk(2_000))
        {
            await features.PushAsync(FeatureWorkload.SetName, chunk);
        }
        await Push(features, workload, options.Warmup);
        var counts = platform.Services.GetRequiredService<FeatureCallCounts>();
        var (entityCalls, writesInPlace) = (counts.EntityCalls, counts.WritesInPlace);
        var before = Cost.Now();
        var (applied, pushes, elapsed) = await Push(features, workload, options.Measure);
        var cost = Cost.Since(before, applied, elapsed);
        var calls = Invariant(
            $"{(counts.EntityCalls - entityCalls) / (double)Math.Max(1, pushes):0.0} entity grain calls and {(counts.WritesInPlace - writesInPlace) / (double)Math.Max(1, pushes):0.0} entities written in place");
        Console.WriteLine(Invariant($"[fmingest] {mode}: {applied:N0} events in {elapsed.TotalSeconds:0.0} s, {cost.Rate:N0} events/s, {cost.CpuMicroseconds:0.0} µs CPU and {cost.AllocatedBytes:N0} B per event; per push {calls}"));
        return (cost, calls);
    }

    private static async Task<(long Applied, long Pushes, TimeSpan Elapsed)> Push(IFeaturesClient features, FeatureWorkload workload, TimeSpan duration)
    {
        var applied = 0L;
        var pushes = 0L;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, Pushers).Select(pusher => Task.Run(async () =>
        {
            var random = new Random(pusher);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var result = await features.PushAsync(FeatureWorkload.SetName, workload.RandomEvents(random, Batch, DateTimeOffset.UtcNow));
                Interlocked.Add(ref applied, result.Applied);
                Interlocked.Increment(ref pushes);
            }
        })));
        return (applied, pushes, Stopwatch.GetElapsedTime(started));
    }

    private Cost MeasureRaw()
    {
        var directory = Path.Combine(options.ScratchDirectory, $"fmingest-raw-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "events.db");
        var workload = new FeatureWorkload(Entities, seed: 21);
        var random = new Random(0);
        try
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Execute(connection, "CREATE TABLE events (id TEXT PRIMARY KEY, entity TEXT NOT NULL, time INTEGER NOT NULL, payload TEXT NOT NULL)");
            Insert(connection, workload, random, options.Warmup);
            var before = Cost.Now();
            var (inserted, elapsed) = Insert(connection, workload, random, options.Measure);
            var cost = Cost.Since(before, inserted, elapsed);
            Console.WriteLine(Invariant($"[fmingest] raw SQLite: {inserted:N0} events in {elapsed.TotalSeconds:0.0} s, {cost.Rate:N0} events/s, {cost.CpuMicroseconds:0.0} µs CPU and {cost.AllocatedBytes:N0} B per event"));
            return cost;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (long Inserted, TimeSpan Elapsed) Insert(SqliteConnection connection, FeatureWorkload workload, Random random, TimeSpan duration)
    {
        var inserted = 0L;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO events (id, entity, time, payload) VALUES ($id, $entity, $time, $payload)";
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var entity = command.Parameters.Add("$entity", SqliteType.Text);
        var time = command.Parameters.Add("$time", SqliteType.Integer);
        var payload = command.Parameters.Add("$payload", SqliteType.Text);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var events = workload.RandomEvents(random, Batch, DateTimeOffset.UtcNow);
            using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            foreach (var e in events)
            {
                id.Value = e.Id;
                entity.Value = e.Entity;
                time.Value = e.Time.UtcTicks;
                payload.Value = JsonSerializer.Serialize(e.Values.ToDictionary(v => v.Key, v => v.Value.ToObject()));
                command.ExecuteNonQuery();
            }
            transaction.Commit();
            inserted += events.Count;
        }
        return (inserted, Stopwatch.GetElapsedTime(started));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Events per second, and the process's CPU time and allocated bytes per event, over one measurement.</summary>
    private readonly record struct Cost(double Rate, double CpuMicroseconds, double AllocatedBytes)
    {
        public static (TimeSpan Cpu, long Allocated) Now() => (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes());

        public static Cost Since((TimeSpan Cpu, long Allocated) before, long events, TimeSpan elapsed)
        {
            var (cpu, allocated) = Now();
            var n = Math.Max(1, events);
            return new Cost(events / elapsed.TotalSeconds, (cpu - before.Cpu).TotalMicroseconds / n, (double)(allocated - before.Allocated) / n);
        }
    }
}
