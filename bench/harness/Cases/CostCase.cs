using System.Net.Http.Json;
using Mle.Bench.Models;
using Mle.Bench.Reporting;
using Mle.Bench.Requests;
using Mle.Bench.Servers;

namespace Mle.Bench.Cases;

/// <summary>
/// Case 2c: what one single-row request costs the server, in CPU time and in allocated bytes, rather than how many
/// requests a shared machine lets it answer. Both survive a noisy machine far better than throughput: CPU time is
/// what the server process itself ran (other processes' load does not add to it), allocations do not depend on
/// timing at all. Every server runs with workstation GC (<c>DOTNET_gcServer=0</c>) so that no idle GC threads spin on
/// the server's account. Targets take turns (round-robin, several rounds, the median kept), so a slow moment of the
/// machine lands on all of them alike.
/// </summary>
public sealed class CostCase(BenchOptions options, ModelCache models)
{
    private const string Section = "Cost per request";
    private const int DistinctRows = 256;
    private const int Concurrency = 8;
    private static readonly ModelSpec[] Specs = [BenchmarkModels.Risk, BenchmarkModels.Tiny];
    private static readonly Dictionary<string, string> WorkstationGc = new() { ["DOTNET_gcServer"] = "0" };

    private int Requests => options.Quick ? 2_000 : 10_000;

    private int Rounds => options.Quick ? 3 : 7;

    private static readonly (string Name, string Route, Func<IReadOnlyList<FeatureRow>, byte[]> Body)[] PlatformApis =
    [
        ("/api/v1 score", "api/v1/models/{0}/versions/{1}/score", rows => RequestBodies.PlatformRows(rows)),
        ("/v2 infer", "v2/models/{0}/versions/{1}/infer", rows => RequestBodies.OpenInference(rows)),
    ];

    public async Task<ResultSection> Run()
    {
        var rows = Specs.ToDictionary(s => s.Name, s => FeatureRow.Sample(s, DistinctRows));
        await using var peer = await BenchServers.StartPeer(options, models.GetOrTrain(BenchmarkModels.Risk), models.GetOrTrain(BenchmarkModels.Tiny), WorkstationGc);
        await using var secured = await BenchServers.StartSilo(options, "cost", WorkstationGc);
        await using var open = await BenchServers.StartSilo(options, "cost-open",
            new Dictionary<string, string>(WorkstationGc) { ["Mle__Security__Enabled"] = "false" });

        var targets = new List<CostTarget>();
        foreach (var spec in Specs)
        {
            var peerBodies = rows[spec.Name].Select(RequestBodies.PeerRow).ToList();
            targets.Add(CostTarget.Peer(peer, $"peer {spec.Name}", BenchServers.SecuredPeerRoute(spec.Name), peerBodies));
            targets.Add(CostTarget.Peer(peer, $"peer, no key check {spec.Name}", BenchServers.OpenPeerRoute(spec.Name), peerBodies));
        }
        foreach (var (silo, label) in new[] { (secured, "platform"), (open, "platform, security off") })
        {
            using var admin = BenchServers.CreateClient(silo, 4);
            var registry = new PlatformRestClient(admin);
            foreach (var spec in Specs)
            {
                var version = await BenchServers.Register(registry, models, spec);
                foreach (var api in PlatformApis)
                {
                    var route = string.Format(CultureInfo.InvariantCulture, api.Route, spec.Name, version);
                    targets.Add(CostTarget.Silo(silo, $"{label} {api.Name} {spec.Name}", route, [.. rows[spec.Name].Select(r => api.Body([r]))]));
                }
            }
        }

        try
        {
            foreach (var target in targets)
            {
                await target.Warm(options.JitWarmup, Concurrency);
            }
            // Reported, not subtracted: an estimate over a few seconds (a background JIT compile may still land in it)
            // subtracted from short samples made some negative. The platform's idle work counts against it.
            await IdleCpu([peer, secured, open]);
            foreach (var target in targets)
            {
                await target.MeasureReadingCost();
                Console.WriteLine(Invariant($"[cost] {target.Name,-44} reading the allocation total alone: {target.ReadingCost:N0} B (subtracted from each sample)"));
            }
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var target in targets)
                {
                    var sample = await target.Measure(Requests, Concurrency);
                    Console.WriteLine(Invariant($"[cost] round {round + 1} {target.Name,-44} {sample.CpuMicroseconds,8:0.0} µs CPU  {sample.AllocatedBytes,8:0} B allocated per request"));
                }
            }
        }
        finally
        {
            foreach (var target in targets)
            {
                target.Dispose();
            }
        }

        var results = new List<ResultRow>();
        CostTarget Find(string name) => targets.Single(t => t.Name == name);
        foreach (var spec in Specs)
        {
            foreach (var api in PlatformApis)
            {
                results.AddRange(Rows($"{spec.Name}, {api.Name}", Find($"platform {api.Name} {spec.Name}"), Find($"peer {spec.Name}")));
                results.AddRange(Rows($"{spec.Name}, {api.Name}, security off vs the peer without a key check",
                    Find($"platform, security off {api.Name} {spec.Name}"), Find($"peer, no key check {spec.Name}")));
            }
            results.AddRange(Rows($"{spec.Name}, the peer's API-key check itself (secured peer vs no key check)",
                Find($"peer {spec.Name}"), Find($"peer, no key check {spec.Name}")));
        }
        return new ResultSection(
            Section,
            "the peer service's route behind an API-key check (a dictionary lookup of the bearer token), the same admin key the platform is sent; and its route without any check beside the platform with Mle:Security:Enabled=false",
            Invariant($"CPU time of the server process (the sum of its threads' run time from /proc/PID/task/*/schedstat, or the process's user + system ticks when a thread exited meanwhile; the server's own background work during the sample is included, the silo's idle rate being about 1.5% of a core) and bytes it allocated (the runtime's own total: the peer's GC.GetTotalAllocatedBytes, the silo's dotnet_gc_heap_total_allocated_bytes on /metrics, less what reading the total costs by itself: the median of three readings with no request between them, for the silo mostly the 1.1 s wait for the exporter's cached scrape to expire), divided by the requests: {Requests:N0} single-row requests at {Concurrency} connections per target and round, {Rounds} rounds in which the targets take turns, median of the rounds. Workstation GC on every server (DOTNET_gcServer=0). Each target first gets {options.JitWarmup.TotalSeconds:0} s of discarded load (tiered JIT). Three server processes: the peer, a silo with security on, a silo with Mle:Security:Enabled=false."),
            results);
    }

    /// <summary>Each server's CPU use while nothing is sent (timers, Orleans' own housekeeping), per second.</summary>
    private static async Task<Dictionary<ServerProcess, double>> IdleCpu(IReadOnlyList<ServerProcess> servers)
    {
        var before = servers.ToDictionary(s => s, s => s.ReadCpu());
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var elapsed = watch.Elapsed.TotalSeconds;
        var idle = servers.ToDictionary(s => s, s => Math.Max(0, s.ReadCpu().SecondsSince(before[s]) / elapsed));
        foreach (var (server, rate) in idle)
        {
            Console.WriteLine(Invariant($"[cost] idle CPU of {server.BaseUri}: {rate * 1000:0.0} ms/s"));
        }
        return idle;
    }

    private static IEnumerable<ResultRow> Rows(string @case, CostTarget platform, CostTarget baseline)
    {
        yield return new ResultRow(Section, @case + ": server CPU per request", "µs",
            Measurement.Of(platform.Median(s => s.CpuMicroseconds)), Measurement.Of(baseline.Median(s => s.CpuMicroseconds)), Better.Lower);
        yield return new ResultRow(Section, @case + ": allocated per request", "bytes",
            Measurement.Of(platform.Median(s => s.AllocatedBytes)), Measurement.Of(baseline.Median(s => s.AllocatedBytes)), Better.Lower);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record CostSample(double CpuMicroseconds, double AllocatedBytes);

    /// <summary>One route of one server under measurement, and how that server reports its allocations.</summary>
    private sealed class CostTarget(ServerProcess server, string name, Load.HttpTarget target, Func<HttpClient, Task<long>> allocated) : IDisposable
    {
        private readonly HttpClient _client = BenchServers.CreateClient(server, Concurrency * 2);
        private readonly List<CostSample> _samples = [];

        public string Name => name;

        public static CostTarget Peer(ServerProcess server, string name, string route, IReadOnlyList<byte[]> bodies) =>
            new(server, name, new Load.HttpTarget(name, new Uri(server.BaseUri, route), bodies),
                async client => await client.GetFromJsonAsync<long>("bench/allocated"));

        public static CostTarget Silo(ServerProcess server, string name, string route, IReadOnlyList<byte[]> bodies) =>
            new(server, name, new Load.HttpTarget(name, new Uri(server.BaseUri, route), bodies), SiloAllocated);

        public async Task Warm(TimeSpan duration, int concurrency)
        {
            using (var response = await _client.SendAsync(target.CreateRequest(0)))
            {
                await PlatformRestClient.EnsureSuccess(response, $"answer {name}");
            }
            await Load.ClosedLoopLoad.Run(_client, target, concurrency, TimeSpan.Zero, duration);
        }

        public async Task<CostSample> Measure(int requests, int concurrency)
        {
            var allocatedBefore = await allocated(_client);
            var cpuBefore = server.ReadCpu();
            var next = -1L;
            var failed = 0L;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                long sequence;
                while ((sequence = Interlocked.Increment(ref next)) < requests)
                {
                    if (!await Load.ClosedLoopLoad.SendCounted(_client, target, sequence))
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            })));
            var cpu = server.ReadCpu().SecondsSince(cpuBefore);
            var allocatedAfter = await allocated(_client);
            if (failed > 0)
            {
                throw new InvalidOperationException($"{failed} of {requests} requests to {name} failed.");
            }
            var sample = new CostSample(cpu * 1e6 / requests, (double)(allocatedAfter - allocatedBefore - ReadingCost) / requests);
            _samples.Add(sample);
            return sample;
        }

        /// <summary>
        /// What a sample's two readings of the allocation total add by themselves, with no request between them: for a
        /// silo, the wait for the exporter's cached scrape to expire (1.1 s of the silo's background work, about 1.5 MB
        /// of its memory-stream polling) and the scrape itself; for the peer, one small request. Left in, it was charged
        /// to the sample's requests: about 170 B each of 10,000, 850 B each of a quick run's 2,000. The median of three
        /// empty samples, subtracted from each sample; the background work during the requests themselves stays in.
        /// </summary>
        public long ReadingCost { get; private set; }

        public async Task MeasureReadingCost()
        {
            var empty = new List<long>();
            for (var i = 0; i < 3; i++)
            {
                var before = await allocated(_client);
                empty.Add(await allocated(_client) - before);
            }
            empty.Sort();
            ReadingCost = empty[1];
        }

        public double Median(Func<CostSample, double> metric)
        {
            var values = _samples.Select(metric).Order().ToArray();
            return values.Length == 0 ? double.NaN : values[values.Length / 2];
        }

        public void Dispose() => _client.Dispose();

        // The runtime's allocation total as the silo's Prometheus endpoint reports it. The exporter caches a scrape for a
        // moment, so the reading waits that out: a cached figure would leave the last requests' bytes out.
        private static async Task<long> SiloAllocated(HttpClient client)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            var text = await client.GetStringAsync("metrics");
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("dotnet_gc_heap_total_allocated_bytes", StringComparison.Ordinal))
                {
                    // name{labels} value [timestamp]
                    var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                    return (long)double.Parse(value, CultureInfo.InvariantCulture);
                }
            }
            throw new InvalidOperationException("The silo's /metrics has no dotnet_gc_heap_total_allocated_bytes.");
        }
    }
}
