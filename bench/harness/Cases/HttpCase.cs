using Mle.Bench.Load;
using Mle.Bench.Models;
using Mle.Bench.Reporting;
using Mle.Bench.Requests;
using Mle.Bench.Servers;

namespace Mle.Bench.Cases;

/// <summary>
/// Case 2: single-row scoring over HTTP on loopback. The peer service and the platform (its /api/v1
/// score and its /v2 infer) get the same rows, the same load generator and the same schedule: closed
/// loop at each concurrency level for throughput, then an open-loop run at a fixed rate (half of what
/// the peer sustained at the middle level) for latency without coordinated omission.
/// </summary>
public sealed class HttpCase(BenchOptions options, ModelCache models)
{
    private const int DistinctRows = 256;
    private const string Section = "Scoring over HTTP";
    private static readonly ModelSpec[] Specs = [BenchmarkModels.Risk, BenchmarkModels.Tiny];

    public async Task<ResultSection> Run()
    {
        var rows = Specs.ToDictionary(s => s.Name, s => FeatureRow.Sample(s, DistinctRows));
        var (peer, openPeer) = await MeasurePeer(rows);
        var results = new List<ResultRow>();
        Dictionary<string, Dictionary<string, LoadResult>>? platform = null;
        string? platformMissing = null;
        try
        {
            platform = await MeasurePlatform(rows, peer);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException or HttpRequestException or TaskCanceledException)
        {
            platformMissing = e.Message.Split(Environment.NewLine)[0];
            Console.WriteLine($"[http] platform not available: {platformMissing}");
        }
        foreach (var (key, baseline) in peer)
        {
            foreach (var api in PlatformApis)
            {
                var measured = platform?.GetValueOrDefault(api.Name)?.GetValueOrDefault(key);
                var missing = platformMissing ?? (measured is null ? "not measured" : null);
                results.AddRange(Rows($"{key}, {api.Name}", measured, baseline, missing));
                if (!key.Contains("open loop", StringComparison.Ordinal) && openPeer.GetValueOrDefault(key) is { } noCheck)
                {
                    results.Add(new ResultRow(Section, $"{key}, {api.Name}: throughput vs the peer without a key check", "req/s",
                        measured is { Completed: > 0 } ? Measurement.Of(measured.Throughput) : Measurement.NotAvailable(missing ?? "every request failed"),
                        Measurement.Of(noCheck.Throughput), Better.Higher));
                }
            }
        }
        return new ResultSection(
            Section,
            "a plain ASP.NET Core minimal API with a pool of ML.NET prediction engines (bench/peer-service), typed for each model, that checks the same API key as the platform (a dictionary lookup of the bearer token); rows marked \"vs the peer without a key check\" compare with its route that checks nothing (the baseline of runs before authentication)",
            Invariant($"Single-row requests on loopback, one load generator (bench/harness/Load). Each server first gets {options.JitWarmup.TotalSeconds:0} s of discarded load per endpoint (tiered JIT); closed loop: {options.Measure.TotalSeconds:0.#} s per level after {options.Warmup.TotalSeconds:0.#} s warm-up; open loop: constant rate, latency from the intended send time. Latency in microseconds."),
            results);
    }

    private static readonly (string Name, string Route, Func<IReadOnlyList<FeatureRow>, byte[]> Body)[] PlatformApis =
    [
        ("/api/v1 score", "api/v1/models/{0}/versions/{1}/score", rows => RequestBodies.PlatformRows(rows)),
        ("/v2 infer", "v2/models/{0}/versions/{1}/infer", rows => RequestBodies.OpenInference(rows)),
    ];

    /// <summary>The peer with its API-key check (the baseline), then its route without any check.</summary>
    private async Task<(Dictionary<string, LoadResult> Checked, Dictionary<string, LoadResult> Unchecked)> MeasurePeer(Dictionary<string, IReadOnlyList<FeatureRow>> rows)
    {
        await using var server = await BenchServers.StartPeer(options, models.GetOrTrain(BenchmarkModels.Risk), models.GetOrTrain(BenchmarkModels.Tiny));
        var @checked = await MeasureAll(server, spec => new HttpTarget($"peer {spec.Name}", new Uri(server.BaseUri, BenchServers.SecuredPeerRoute(spec.Name)),
            rows[spec.Name].Select(RequestBodies.PeerRow).ToList()), openLoopRates: null);
        var @unchecked = await MeasureAll(server, spec => new HttpTarget($"peer, no key check {spec.Name}", new Uri(server.BaseUri, BenchServers.OpenPeerRoute(spec.Name)),
            rows[spec.Name].Select(RequestBodies.PeerRow).ToList()), openLoopRates: null);
        return (@checked, @unchecked);
    }

    private async Task<Dictionary<string, Dictionary<string, LoadResult>>> MeasurePlatform(
        Dictionary<string, IReadOnlyList<FeatureRow>> rows, Dictionary<string, LoadResult> peer)
    {
        await using var server = await BenchServers.StartSilo(options, "http");
        using var admin = BenchServers.CreateClient(server, 4);
        var registry = new PlatformRestClient(admin);
        var versions = new Dictionary<string, int>();
        foreach (var spec in Specs)
        {
            versions[spec.Name] = await BenchServers.Register(registry, models, spec);
        }
        var rates = Specs.ToDictionary(s => s.Name, s => OpenLoopRate(peer[Key(s.Name, MiddleLevel)]));
        HttpTarget Target((string Name, string Route, Func<IReadOnlyList<FeatureRow>, byte[]> Body) api, ModelSpec spec) => new(
            $"platform {api.Name} {spec.Name}",
            new Uri(server.BaseUri, string.Format(CultureInfo.InvariantCulture, api.Route, spec.Name, versions[spec.Name])),
            rows[spec.Name].Select(r => api.Body([r])).ToList());

        // Every target is warmed before any is measured: a fresh silo's first seconds of risk scoring ran at several
        // times the CPU per request (the engine's code not yet optimized, on two busy cores), and the API measured first
        // (/api/v1) paid for it alone: at 3,000 requests per second where /v2, measured after it, did 9,000; measured
        // the other way round, /v2 was the slow one.
        using (var warming = BenchServers.CreateClient(server, options.Concurrency.Max() * 2))
        {
            foreach (var api in PlatformApis)
            {
                foreach (var spec in Specs)
                {
                    var target = Target(api, spec);
                    await Probe(warming, target);
                    await ClosedLoopLoad.Run(warming, target, MiddleLevel, options.JitWarmup, options.Warmup);
                }
            }
        }

        var results = new Dictionary<string, Dictionary<string, LoadResult>>();
        foreach (var api in PlatformApis)
        {
            results[api.Name] = await MeasureAll(server, spec => Target(api, spec), rates);
        }
        return results;
    }

    private int MiddleLevel => options.ReferenceConcurrency;

    private static double OpenLoopRate(LoadResult closedLoop) => Math.Max(50, Math.Round(closedLoop.Throughput / 2 / 50) * 50);

    /// <summary>
    /// Closed loop at every level, then open loop, for each model. The open-loop rate is the peer's
    /// (measured first) so that both sides face the same schedule.
    /// </summary>
    private async Task<Dictionary<string, LoadResult>> MeasureAll(ServerProcess server, Func<ModelSpec, HttpTarget> target, Dictionary<string, double>? openLoopRates)
    {
        using var client = BenchServers.CreateClient(server, options.Concurrency.Max() * 2);
        var results = new Dictionary<string, LoadResult>();
        foreach (var spec in Specs)
        {
            var endpoint = target(spec);
            await Probe(client, endpoint);
            // Discarded load at the middle level, so tiered JIT has promoted both servers' hot paths before the
            // first measured level (otherwise the first endpoint measured pays for it at concurrency 1).
            await ClosedLoopLoad.Run(client, endpoint, MiddleLevel, options.JitWarmup, options.Warmup);
            foreach (var level in options.Concurrency)
            {
                var result = await ClosedLoopLoad.Run(client, endpoint, level, options.Warmup, options.Measure);
                Report(endpoint, $"c={level}", result);
                results[Key(spec.Name, level)] = result;
            }
            var rate = openLoopRates?[spec.Name] ?? OpenLoopRate(results[Key(spec.Name, MiddleLevel)]);
            var open = await OpenLoopLoad.Run(client, endpoint, rate, options.Measure);
            Report(endpoint, Invariant($"open {rate:0}/s"), open);
            results[OpenKey(spec.Name, rate)] = open;
        }
        return results;
    }

    /// <summary>One request first, so a target that cannot score fails with its reason instead of a table of errors.</summary>
    private static async Task Probe(HttpClient client, HttpTarget target)
    {
        using var response = await client.SendAsync(target.CreateRequest(0));
        await PlatformRestClient.EnsureSuccess(response, $"score through {target.Name}");
    }

    private static void Report(HttpTarget target, string load, LoadResult result) =>
        Console.WriteLine(Invariant($"[http] {target.Name,-32} {load,-12} {result.Throughput,9:0} req/s  p50 {result.P50,7:0} µs  p99 {result.P99,7:0} µs  p99.9 {result.P999,7:0} µs  failed {result.Failed}"));

    private static string Key(string model, int level) => Invariant($"{model}, c={level}");

    private static string OpenKey(string model, double rate) => Invariant($"{model}, open loop {rate:0} req/s");

    private static IEnumerable<ResultRow> Rows(string @case, LoadResult? platform, LoadResult peer, string? missing)
    {
        Measurement Value(Func<LoadResult, double> metric) =>
            platform is not null && platform.Completed > 0 ? Measurement.Of(metric(platform)) : Measurement.NotAvailable(missing ?? "every request failed");
        var failures = peer.Failed + (platform?.Failed ?? 0);
        var label = failures > 0 ? Invariant($"{@case} ({failures} failed requests)") : @case;
        if (!@case.Contains("open loop", StringComparison.Ordinal))
        {
            yield return new ResultRow(Section, label + ": throughput", "req/s", Value(r => r.Throughput), Measurement.Of(peer.Throughput), Better.Higher);
        }
        yield return new ResultRow(Section, label + ": p50", "µs", Value(r => r.P50), Measurement.Of(peer.P50), Better.Lower);
        yield return new ResultRow(Section, label + ": p99", "µs", Value(r => r.P99), Measurement.Of(peer.P99), Better.Lower);
        yield return new ResultRow(Section, label + ": p99.9", "µs", Value(r => r.P999), Measurement.Of(peer.P999), Better.Lower);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
