using Mle.Bench.Models;
using Mle.Bench.Reporting;
using Mle.Bench.Requests;
using Mle.Bench.Servers;
using Mle.Bench.Wrk;

namespace Mle.Bench.Cases;

/// <summary>
/// Case 2b: the HTTP case's single-row requests driven by <c>wrk -t2 -c64</c> instead of the .NET load generator:
/// the peer service, the platform's /api/v1 score and its /v2 infer, one after another with the same bodies.
/// Skipped, with a note in the report, when wrk is not installed.
/// </summary>
public sealed class WrkCase(BenchOptions options, ModelCache models)
{
    private const int Threads = 2;
    private const int Connections = 64;
    private const int DistinctRows = 64;
    private const string Section = "Scoring over HTTP, driven by wrk";
    private static readonly ModelSpec[] Specs = [BenchmarkModels.Risk, BenchmarkModels.Tiny];

    private static readonly (string Name, string Route, Func<IReadOnlyList<FeatureRow>, byte[]> Body)[] PlatformApis =
    [
        ("/api/v1 score", "api/v1/models/{0}/versions/{1}/score", rows => RequestBodies.PlatformRows(rows)),
        ("/v2 infer", "v2/models/{0}/versions/{1}/infer", rows => RequestBodies.OpenInference(rows)),
    ];

    public async Task<ResultSection> Run()
    {
        var method = Invariant($"wrk 4 (Debian package) with -t{Threads} -c{Connections} --latency, {options.Measure.TotalSeconds:0} s per target after a {options.JitWarmup.TotalSeconds:0.#} s run that is discarded; a Lua script cycles through {DistinctRows} distinct single-row bodies. wrk times each request from when it was sent (closed loop). Latency in microseconds.");
        var baseline = "the same peer service as above (bench/peer-service), with its API-key check; rows marked \"vs the peer without a key check\" compare with its route that checks nothing";
        var rows = Specs.ToDictionary(s => s.Name, s => FeatureRow.Sample(s, DistinctRows));
        if (WrkRun.Find() is not { } wrk)
        {
            Console.WriteLine("[wrk] wrk is not installed (apt-get install -y wrk): case skipped.");
            var missing = Measurement.NotAvailable("wrk is not installed (apt-get install -y wrk)");
            return new ResultSection(Section, baseline, method,
                [.. Specs.SelectMany(s => PlatformApis.SelectMany(api => Rows($"{s.Name}, {api.Name}", null, null, missing)))]);
        }

        var peer = new Dictionary<string, WrkResult>();
        var openPeer = new Dictionary<string, WrkResult>();
        await using (var server = await BenchServers.StartPeer(options, models.GetOrTrain(BenchmarkModels.Risk), models.GetOrTrain(BenchmarkModels.Tiny)))
        {
            foreach (var spec in Specs)
            {
                peer[spec.Name] = await Measure(wrk, $"peer {spec.Name}", new Uri(server.BaseUri, BenchServers.SecuredPeerRoute(spec.Name)), [.. rows[spec.Name].Select(RequestBodies.PeerRow)]);
                openPeer[spec.Name] = await Measure(wrk, $"peer, no key check {spec.Name}", new Uri(server.BaseUri, BenchServers.OpenPeerRoute(spec.Name)), [.. rows[spec.Name].Select(RequestBodies.PeerRow)]);
            }
        }

        var platform = new Dictionary<(string, string), WrkResult>();
        string? platformMissing = null;
        try
        {
            await using var server = await BenchServers.StartSilo(options, "wrk");
            using var admin = BenchServers.CreateClient(server, 4);
            var registry = new PlatformRestClient(admin);
            foreach (var spec in Specs)
            {
                var version = await BenchServers.Register(registry, models, spec);
                foreach (var api in PlatformApis)
                {
                    var uri = new Uri(server.BaseUri, string.Format(CultureInfo.InvariantCulture, api.Route, spec.Name, version));
                    platform[(spec.Name, api.Name)] = await Measure(wrk, $"platform {api.Name} {spec.Name}", uri, [.. rows[spec.Name].Select(r => api.Body([r]))]);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException or HttpRequestException or FormatException)
        {
            platformMissing = e.Message.Split(Environment.NewLine)[0];
            Console.WriteLine($"[wrk] platform not available: {platformMissing}");
        }

        var results = new List<ResultRow>();
        foreach (var spec in Specs)
        {
            foreach (var api in PlatformApis)
            {
                var measured = platform.GetValueOrDefault((spec.Name, api.Name));
                var missing = Measurement.NotAvailable(platformMissing ?? "not measured");
                var label = Invariant($"{spec.Name}, wrk -t{Threads} -c{Connections}, {api.Name}");
                results.AddRange(Rows(label, measured, peer[spec.Name], missing));
                results.Add(new ResultRow(Section, label + ": throughput vs the peer without a key check", "req/s",
                    measured is null ? missing : Measurement.Of(measured.Throughput), Measurement.Of(openPeer[spec.Name].Throughput), Better.Higher));
            }
        }
        return new ResultSection(Section, baseline, method, results);
    }

    private async Task<WrkResult> Measure(string wrk, string name, Uri uri, IReadOnlyList<byte[]> bodies)
    {
        // A first request, so that a target that cannot answer fails with its reason rather than a run of errors.
        using (var client = new HttpClient { DefaultRequestHeaders = { Authorization = new("Bearer", BenchServers.AdminKey) } })
        using (var probe = new ByteArrayContent(bodies[0]) { Headers = { ContentType = new("application/json") } })
        using (var response = await client.PostAsync(uri, probe))
        {
            await PlatformRestClient.EnsureSuccess(response, $"answer {name}");
        }
        var scratch = Path.Combine(options.ScratchDirectory, "wrk");
        await WrkRun.Run(wrk, uri, bodies, Threads, Connections, options.JitWarmup, scratch);
        var result = await WrkRun.Run(wrk, uri, bodies, Threads, Connections, options.Measure, scratch);
        Console.WriteLine(Invariant($"[wrk] {name,-32} {result.Throughput,9:0} req/s  p50 {result.P50,7:0} µs  p99 {result.P99,7:0} µs  failed {result.Failed}"));
        return result;
    }

    private static IEnumerable<ResultRow> Rows(string @case, WrkResult? platform, WrkResult? peer, Measurement missing)
    {
        Measurement Of(WrkResult? result, Func<WrkResult, double> metric) => result is null ? missing : Measurement.Of(metric(result));
        var failures = (peer?.Failed ?? 0) + (platform?.Failed ?? 0);
        var label = failures > 0 ? Invariant($"{@case} ({failures} failed requests)") : @case;
        yield return new ResultRow(Section, label + ": throughput", "req/s", Of(platform, r => r.Throughput), Of(peer, r => r.Throughput), Better.Higher);
        yield return new ResultRow(Section, label + ": p50", "µs", Of(platform, r => r.P50), Of(peer, r => r.P50), Better.Lower);
        yield return new ResultRow(Section, label + ": p99", "µs", Of(platform, r => r.P99), Of(peer, r => r.P99), Better.Lower);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
