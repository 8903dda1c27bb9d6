using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Mle.Bench.Reporting;
using Mle.Storage;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Mle.Bench.Cases;

/// <summary>
/// Case 5: write-through grain state on the embedded SQLite default. N grains each write their state again as soon
/// as the previous write is acknowledged (a grain applying one event batch after another), through the real
/// <see cref="SqliteGrainStorage"/> with the Orleans serializer, once with group commit and once with every write
/// committed alone; beside raw Microsoft.Data.Sqlite inserts of the same rows (same table, keys and payloads, same
/// WAL and <c>synchronous=FULL</c>), one transaction per row and one per 512 rows. The machine is shared and fsync
/// times vary: each round measures every variant once, in turn, on a fresh file, and the table shows the median round.
/// </summary>
public sealed class GroupCommitCase(BenchOptions options)
{
    private const string Section = "Write-through grain state (embedded SQLite)";
    private const int RawBatch = 512;
    private const int Features = 12;

    private int Rounds => options.Quick ? 1 : 3;

    private IReadOnlyList<int> GrainCounts => options.Quick ? [1, 64] : [1, 64, 1000];

    public async Task<ResultSection> Run()
    {
        var directory = Path.Combine(options.ScratchDirectory, "group-commit");
        Directory.CreateDirectory(directory);
        await using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        var activators = services.GetRequiredService<IActivatorProvider>();
        var rows = new List<ResultRow>();
        var details = new List<string>();
        try
        {
            foreach (var grains in GrainCounts)
            {
                var runs = new Dictionary<string, List<Throughput>>();
                for (var round = 0; round < Rounds; round++)
                {
                    foreach (var variant in Variants)
                    {
                        var file = Path.Combine(directory, Invariant($"{variant}-{grains}-{round}.db"));
                        var measured = variant switch
                        {
                            GroupCommit => await ThroughProvider(file, grains, groupCommit: true, serializer, activators),
                            PerWrite => await ThroughProvider(file, grains, groupCommit: false, serializer, activators),
                            RawPerRow => RawInserts(file, grains, 1, serializer),
                            _ => RawInserts(file, grains, RawBatch, serializer),
                        };
                        SqliteConnection.ClearAllPools();
                        DeleteDatabase(file);
                        Console.WriteLine(Invariant($"[storage] {grains} grains, round {round + 1}, {variant}: {measured.WritesPerSecond:N0} writes/s{measured.PerCommit}"));
                        (runs.TryGetValue(variant, out var list) ? list : runs[variant] = []).Add(measured);
                    }
                }

                var group = Median(runs[GroupCommit]);
                var perWrite = Median(runs[PerWrite]);
                var rawRow = Median(runs[RawPerRow]);
                var rawBatch = Median(runs[RawBatched]);
                var label = Invariant($"{grains:N0} grain{(grains == 1 ? "" : "s")}");
                rows.Add(Row($"{label}: group commit vs per-write commit (both through the provider)", group, perWrite));
                rows.Add(Row($"{label}: group commit vs raw SQLite, one transaction per row", group, rawRow));
                rows.Add(Row($"{label}: group commit vs raw SQLite, {RawBatch} rows per transaction", group, rawBatch));
                rows.Add(Row($"{label}: per-write commit vs raw SQLite, one transaction per row", perWrite, rawRow));
                details.Add(Invariant($"{label}: ") + string.Join("; ", Variants.Select(v =>
                    $"{v} {string.Join(" / ", runs[v].Select(t => t.WritesPerSecond.ToString("N0", CultureInfo.InvariantCulture)))}{runs[v][0].PerCommit}")));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var method = Invariant($"Each grain has its own key and a state of {Features} named features (a dictionary of doubles, about {PayloadBytes(serializer)} bytes serialized), changed before every write; writers run for {options.Warmup.TotalSeconds:0.#} s before and {options.Measure.TotalSeconds:0} s during the measurement, on the repository's disk (not tmpfs), in the benchmark process. Rounds: {Rounds}, each variant once per round in turn (group commit, per-write, raw per row, raw batched); the table shows each variant's median round. Writes per second in every round, and writes per commit where counted: ") +
            string.Join(" | ", details) + ".";
        return new ResultSection(
            Section,
            "raw Microsoft.Data.Sqlite inserts (INSERT OR REPLACE) of the same rows into the same table from one thread, WAL and synchronous=FULL like the provider: one transaction per row, and one per 512 rows; and the provider itself with group commit off",
            method,
            rows);
    }

    private const string GroupCommit = "group commit";
    private const string PerWrite = "per-write commit";
    private const string RawPerRow = "raw, one row per transaction";
    private const string RawBatched = "raw, 512 rows per transaction";
    private static readonly string[] Variants = [GroupCommit, PerWrite, RawPerRow, RawBatched];

    private static ResultRow Row(string @case, Throughput platform, Throughput baseline) =>
        new(Section, @case, "writes/s", Measurement.Of(platform.WritesPerSecond), Measurement.Of(baseline.WritesPerSecond), Better.Higher);

    private async Task<Throughput> ThroughProvider(string file, int grains, bool groupCommit, IGrainStorageSerializer serializer, IActivatorProvider activators)
    {
        await using var storage = new SqliteGrainStorage(
            "Default",
            new SqliteGrainStorageOptions { DatabasePath = file, GroupCommit = groupCommit },
            serializer,
            activators,
            NullLogger<SqliteGrainStorage>.Instance);
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(options.Warmup);
        var measureUntil = measureFrom + Ticks(options.Measure);
        long writes = 0, commitsAtStart = -1;
        var writers = Enumerable.Range(0, grains).Select(g => Task.Run(async () =>
        {
            var grain = GrainId.Create("entity", Invariant($"default/card/c{g}"));
            var state = new GrainState<Dictionary<string, double>>(State(g, 0));
            for (var n = 1; ; n++)
            {
                state.State = State(g, n);
                await storage.WriteStateAsync("features", grain, state);
                var now = Stopwatch.GetTimestamp();
                if (now >= measureUntil)
                {
                    return;
                }

                if (now >= measureFrom)
                {
                    Interlocked.Increment(ref writes);
                    if (Interlocked.Read(ref commitsAtStart) < 0 && storage.GroupCommit is { } commit)
                    {
                        Interlocked.CompareExchange(ref commitsAtStart, commit.Commits, -1);
                    }
                }
            }
        })).ToList();
        await Task.WhenAll(writers);
        var commits = storage.GroupCommit is { } c && commitsAtStart >= 0 ? c.Commits - commitsAtStart : (long?)null;
        return new Throughput(writes / options.Measure.TotalSeconds, commits is > 0 ? (double)writes / commits.Value : null);
    }

    private Throughput RawInserts(string file, int grains, int rowsPerTransaction, IGrainStorageSerializer serializer)
    {
        // The rows the provider would write: its table, its key columns, the same serialized states.
        var payloads = Enumerable.Range(0, 64).Select(n => serializer.Serialize(State(0, n)).ToArray()).ToArray();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "PRAGMA synchronous=FULL;");
        Execute(connection, """
            CREATE TABLE grain_state (
                provider TEXT NOT NULL, state_name TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL,
                etag TEXT NOT NULL, payload BLOB NOT NULL, modified_utc TEXT NOT NULL,
                PRIMARY KEY (provider, state_name, grain_type, grain_key)) WITHOUT ROWID;
            """);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR REPLACE INTO grain_state VALUES ('Default', 'features', 'entity', $key, $etag, $payload, $modified);";
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var etag = insert.Parameters.Add("$etag", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
        var modified = insert.Parameters.Add("$modified", SqliteType.Text);
        insert.Prepare();
        var keys = Enumerable.Range(0, grains).Select(g => Invariant($"default/card/c{g}")).ToArray();

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(options.Warmup);
        var measureUntil = measureFrom + Ticks(options.Measure);
        long rows = 0;
        for (var n = 0; ; n++)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var i = 0; i < rowsPerTransaction; i++)
            {
                var row = n * rowsPerTransaction + i;
                key.Value = keys[row % grains];
                etag.Value = Guid.NewGuid().ToString("N");
                payload.Value = payloads[row % payloads.Length];
                modified.Value = DateTime.UtcNow.ToString("O");
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            var now = Stopwatch.GetTimestamp();
            if (now >= measureUntil)
            {
                break;
            }

            if (now >= measureFrom)
            {
                rows += rowsPerTransaction;
            }
        }

        return new Throughput(rows / options.Measure.TotalSeconds, rowsPerTransaction);
    }

    private static Dictionary<string, double> State(int grain, int n) =>
        Enumerable.Range(0, Features).ToDictionary(f => Invariant($"feature_{f}"), f => grain + n * 0.5 + f);

    private static int PayloadBytes(IGrainStorageSerializer serializer) => serializer.Serialize(State(0, 0)).ToArray().Length;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static Throughput Median(List<Throughput> runs) => runs.OrderBy(r => r.WritesPerSecond).ElementAt(runs.Count / 2);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void DeleteDatabase(string file)
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Throughput(double WritesPerSecond, double? WritesPerCommit)
    {
        public string PerCommit => WritesPerCommit is { } w ? Invariant($" ({w:0.#} writes/commit)") : "";
    }
}
