using Microsoft.ML;
using Mle.Bench.Load;
using Mle.Bench.Models;
using Mle.Bench.Reporting;
using Mle.Bench.Requests;
using Mle.Bench.Servers;

namespace Mle.Bench.Cases;

/// <summary>
/// Case 4: cold models. The time from the first request for a just-registered version to its first
/// score, for a 1 MB and a 50 MB artifact, against loading the same zip with bare ML.NET; and the
/// memory a silo holds with many registered versions of which a few are hot, against bare ML.NET
/// holding only the hot ones.
/// </summary>
public sealed class ColdLoadCase(BenchOptions options, ModelCache models)
{
    private const string Section = "Cold load and memory";
    private const double Mebibyte = 1024 * 1024;
    private static readonly ModelSpec[] ColdSpecs = [BenchmarkModels.ColdSmall, BenchmarkModels.ColdLarge];

    // The runtime compiles a hot method again, optimized, after about 30 calls (twice with profile-guided
    // optimization) and keeps both versions. With 20 warm-up registrations, the code of the steps that run once per
    // registration was being recompiled while the fleet was registered, and 13-15 MiB of compiled code and the runtime's
    // data about it (heaptrack, /proc/PID/smaps) were counted as what the fleet holds, when a second fleet of 1,000 in
    // the same silo added under 1 MiB of it. 100 registrations of distinct artifacts (each stored as its own file, as
    // every fleet version is) leave 6-13 MiB of it in the measurement on the shared machine.
    private const int WarmupRegistrations = 100;

    // Registering the 50 MB model (upload, hash, inspection) takes far longer than a score on a busy machine.
    private static readonly TimeSpan RegistrationTimeout = TimeSpan.FromMinutes(5);

    public async Task<ResultSection> Run()
    {
        var results = new List<ResultRow>();
        var coldPaths = ColdSpecs.ToDictionary(s => s.Name, models.GetOrTrain);
        var fleet = Enumerable.Range(0, options.FleetVersions).Select(i => models.GetOrTrain(BenchmarkModels.TinyVariant(i))).ToList();
        var warmupArtifacts = Enumerable.Range(options.FleetVersions, WarmupRegistrations).Select(i => models.GetOrTrain(BenchmarkModels.TinyVariant(i))).ToList();
        var hot = HotIndexes().ToList();
        var fleetCase = Invariant($"{options.FleetVersions:N0} registered versions, {hot.Count} hot: memory added");

        // Once untimed, so that the baseline pays for loading a model and not for JIT-compiling ML.NET,
        // as the silo has compiled that path by the time it scores (it inspects every uploaded artifact).
        RawFirstScore(BenchmarkModels.ColdSmall, coldPaths[BenchmarkModels.ColdSmall.Name]);
        var baselineLoad = ColdSpecs.ToDictionary(s => s.Name, s => RawFirstScore(s, coldPaths[s.Name]));
        var (baselineMemory, baselineManaged) = await RawMemoryProbe.Measure(hot.Select(i => fleet[i]).ToList(), options.ScratchDirectory);
        Console.WriteLine(Invariant($"[cold] raw ML.NET: {hot.Count} models loaded: +{baselineMemory:0} MiB resident, +{baselineManaged:0.0} MiB live managed"));

        Dictionary<string, Measurement> platformLoad;
        Measurement platformMemory, platformManaged;
        try
        {
            await using var silo = await BenchServers.StartSilo(options, "cold");
            using var client = BenchServers.CreateClient(silo, 4, RegistrationTimeout);
            var registry = new PlatformRestClient(client);
            platformLoad = [];
            foreach (var spec in ColdSpecs)
            {
                platformLoad[spec.Name] = Measurement.Of(await PlatformFirstScore(client, registry, spec, coldPaths[spec.Name]));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException or HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"[cold] platform not available: {e.Message}");
            var missing = Measurement.NotAvailable(e.Message.Split(Environment.NewLine)[0]);
            platformLoad = ColdSpecs.ToDictionary(s => s.Name, _ => missing);
        }

        try
        {
            // A silo of its own: after the 50 MB model, a shrinking heap would hide what the fleet adds.
            await using var silo = await BenchServers.StartSilo(options, "fleet");
            using var client = BenchServers.CreateClient(silo, 4, RegistrationTimeout);
            var (resident, managed) = await PlatformFleetMemory(silo, client, new PlatformRestClient(client), fleet, warmupArtifacts, hot);
            platformMemory = Measurement.Of(resident);
            platformManaged = Measurement.Of(managed);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException or HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"[cold] platform not available: {e.Message}");
            var missing = Measurement.NotAvailable(e.Message.Split(Environment.NewLine)[0]);
            platformMemory = missing;
            platformManaged = missing;
        }

        foreach (var spec in ColdSpecs)
        {
            var size = new FileInfo(coldPaths[spec.Name]).Length / Mebibyte;
            results.Add(new ResultRow(Section, Invariant($"{spec.Name} ({size:0.0} MiB zip): first request to first score"), "ms",
                platformLoad[spec.Name], Measurement.Of(baselineLoad[spec.Name]), Better.Lower));
        }
        results.Add(new ResultRow(Section, fleetCase, "MiB", platformMemory, Measurement.Of(baselineMemory), Better.Lower));
        results.Add(new ResultRow(Section, fleetCase.Replace("memory added", "live managed memory added", StringComparison.Ordinal), "MiB",
            platformManaged, Measurement.Of(baselineManaged), Better.Lower));
        return new ResultSection(
            Section,
            "bare ML.NET: load the zip, create a prediction engine, score one row (in the harness process); for memory, only the hot models loaded that way, in a fresh child process",
            "Platform: a silo process on a fresh data directory; the first-score time is one /api/v1 score request right after the version is registered; the registration itself (upload, inspection) is not counted, and the silo may already have loaded the model while inspecting it. Memory is the growth of the process's resident set, and of its live managed heap (heap size less fragmentation, from the runtime's own figures), read after a full garbage collection on both sides (platform: the silo, collected through the runtime's diagnostics port, from before the fleet is registered (once the silo has registered 100 versions of another model, each a distinct artifact, and served a few seconds of scoring, so that its garbage collector's budget, its pools and its compiled code have reached their working size) until its hot versions have scored; both readings wait for the silo's own heap trim after a burst of registrations (Mle:Registry:HeapTrimQuietPeriod, 10 s after the last one), as a silo left alone after such a burst would be; baseline: the child process, from after its first model until all hot models have scored). The silo's console line [cold] platform fleet memory splits the growth: anonymous memory and mapped files (compiled code), GC committed memory, live managed heap by generation, compiled IL, threads and grain activations by type.",
            results);
    }

    private IEnumerable<int> HotIndexes()
    {
        var step = options.FleetVersions / options.HotVersions;
        return Enumerable.Range(0, options.HotVersions).Select(i => i * step);
    }

    private static double RawFirstScore(ModelSpec spec, string path)
    {
        var row = FeatureRow.RequestData(spec).MerchantRiskInputs(1, new SyntheticData(spec.Seed).Merchants(spec.Merchants)).Single();
        var started = Stopwatch.GetTimestamp();
        var ml = new MLContext();
        var model = ml.Model.Load(path, out _);
        ml.Model.CreatePredictionEngine<MerchantRiskInput, BinaryPrediction>(model).Predict(row);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Console.WriteLine(Invariant($"[cold] raw ML.NET {spec.Name}: first score after {elapsed:0} ms"));
        return elapsed;
    }

    private static async Task<double> PlatformFirstScore(HttpClient client, PlatformRestClient registry, ModelSpec spec, string path)
    {
        await registry.CreateModel(spec.Name);
        var version = await registry.RegisterVersion(spec.Name, path);
        var body = RequestBodies.PlatformRows(FeatureRow.Sample(spec, 1));
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync(Invariant($"api/v1/models/{spec.Name}/versions/{version}/score"), Json(body));
        await PlatformRestClient.EnsureSuccess(response, $"score the cold model '{spec.Name}'");
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Console.WriteLine(Invariant($"[cold] platform {spec.Name} v{version}: first score after {elapsed:0} ms"));
        return elapsed;
    }

    private async Task<(double Resident, double Managed)> PlatformFleetMemory(ServerProcess silo, HttpClient client, PlatformRestClient registry, IReadOnlyList<string> fleet, IReadOnlyList<string> warmupArtifacts, IReadOnlyList<int> hot)
    {
        const string model = "fleet";
        await registry.CreateModel(model);
        var body = RequestBodies.PlatformRows(FeatureRow.Sample(BenchmarkModels.Tiny, 1));
        async Task Score(int version)
        {
            using var response = await client.PostAsync(Invariant($"api/v1/models/{model}/versions/{version}/score"), Json(body));
            await PlatformRestClient.EnsureSuccess(response, $"score version {version} of the fleet");
        }

        // Like the raw probe, start counting after the first model has been registered and scored,
        // so that loading ML.NET itself is not counted as what the fleet costs.
        var versions = new List<int>(fleet.Count) { await registry.RegisterVersion(model, fleet[0]) };
        await Score(versions[0]);
        // And only once the silo is in its steady state: a fresh server process has not yet grown its garbage
        // collector's working budget, its request buffers and its pools, which any load would grow as much as the
        // fleet does. Some registrations (of another model) and scoring traffic get it there first.
        await registry.CreateModel("warm-up");
        foreach (var artifact in warmupArtifacts)
        {
            await registry.RegisterVersion("warm-up", artifact);
        }
        var warmup = new HttpTarget("fleet warm-up", new Uri(silo.BaseUri, Invariant($"api/v1/models/{model}/versions/{versions[0]}/score")), [body]);
        var trims = await HeapTrims(client);
        await ClosedLoopLoad.Run(client, warmup, 4, TimeSpan.Zero, options.Warmup * 3);
        trims = await AwaitHeapTrim(client, trims);
        await SiloGarbage.Collect(silo);
        var before = silo.WorkingSet;
        var managedBefore = await LiveManagedMebibytes(client);
        var parts = await SiloMemory.Read(silo, client);
        foreach (var artifact in fleet.Skip(1))
        {
            versions.Add(await registry.RegisterVersion(model, artifact));
        }
        foreach (var index in hot)
        {
            await Score(versions[index]);
        }
        await AwaitHeapTrim(client, trims);
        await SiloGarbage.Collect(silo);
        Console.WriteLine($"[cold] platform fleet memory: {(await SiloMemory.Read(silo, client)).Growth(parts)}");
        var added = (silo.WorkingSet - before) / Mebibyte;
        var managed = await LiveManagedMebibytes(client) - managedBefore;
        if (added < 0)
        {
            throw new InvalidOperationException(Invariant($"the silo's resident set shrank by {-added:0} MiB while the fleet was registered (the GC returned memory), so the growth cannot be measured"));
        }
        Console.WriteLine(Invariant($"[cold] platform: {fleet.Count} versions registered, {hot.Count} hot: +{added:0} MiB resident, +{managed:0.0} MiB live managed"));
        return (added, managed);
    }

    private static async Task<double> HeapTrims(HttpClient client) =>
        SiloMetrics.Sum(await client.GetStringAsync("metrics"), "mle_registry_heap_trims_total") ?? 0;

    /// <summary>
    /// Waits for the silo's trim of its heap after a burst of registrations (<c>Mle:Registry:HeapTrimQuietPeriod</c> after
    /// the last one) to have run since the count was <paramref name="seen"/>; returns the new count.
    /// </summary>
    private static async Task<double> AwaitHeapTrim(HttpClient client, double seen)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await HeapTrims(client) is var trims && trims > seen)
            {
                return trims;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        throw new TimeoutException("the silo did not trim its heap within 2 minutes of a burst of registrations (mle_registry_heap_trims_total)");
    }

    /// <summary>
    /// The silo's live managed heap after its last collection, from its own runtime metrics (heap size less
    /// fragmentation), as the raw probe reads its own with <see cref="GC.GetGCMemoryInfo()"/>.
    /// </summary>
    private static async Task<double> LiveManagedMebibytes(HttpClient client)
    {
        var metrics = await client.GetStringAsync("metrics");
        double Sum(string name) => metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        if (!metrics.Contains("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the silo's /metrics has no dotnet_gc_last_collection_heap_size_bytes");
        }
        return (Sum("dotnet_gc_last_collection_heap_size_bytes") - Sum("dotnet_gc_last_collection_heap_fragmentation_size_bytes")) / Mebibyte;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
