using System.IO.Compression;
using Mle.Bench.Load;
using Mle.Bench.Models;
using Mle.Bench.Reporting;
using Mle.Bench.Requests;
using Mle.Bench.Servers;

namespace Mle.Bench.Cases;

/// <summary>
/// Case 3: scoring while a version registers. A silo serves the risk model at a constant rate (open loop) twice:
/// with nothing else going on, then while a 200 MB artifact is uploaded as a new version of the same model. The
/// baseline is the platform itself without the upload, in the same run: registration should not stall scoring.
/// </summary>
public sealed class UploadCase(BenchOptions options, ModelCache models)
{
    private const string Section = "Scoring during a 200 MB upload";
    private const long PaddingBytes = 200L * 1024 * 1024;
    private const double Rate = 500;
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(5);

    public async Task<ResultSection> Run()
    {
        var spec = BenchmarkModels.Risk;
        var path = models.GetOrTrain(spec);
        Directory.CreateDirectory(options.ScratchDirectory);
        var large = Path.Combine(options.ScratchDirectory, "risk-200mb.zip");
        WritePadded(path, large, PaddingBytes);
        var method = Invariant($"One silo; the risk model scored with single rows over /api/v1 at a constant {Rate:0} req/s (open loop, latency from the intended send time): for {options.Measure.TotalSeconds:0} s with nothing else running, then for as long as a {new FileInfo(large).Length / 1024.0 / 1024.0:0} MiB artifact (the risk model plus incompressible padding) takes to upload, stream, hash, inspect and record as a new version of the same model. Latency in microseconds.");
        var baseline = "the same silo scoring the same model at the same rate with no upload, in the same run";

        LoadResult? quiet = null, busy = null;
        string? missing = null;
        var notes = "";
        try
        {
            await using var silo = await BenchServers.StartSilo(options, "upload");
            using var client = BenchServers.CreateClient(silo, 64);
            var registry = new PlatformRestClient(client);
            var version = await BenchServers.Register(registry, models, spec);
            var target = new HttpTarget("platform /api/v1 risk", new Uri(silo.BaseUri, Invariant($"api/v1/models/{spec.Name}/versions/{version}/score")),
                [.. FeatureRow.Sample(spec, 256).Select(r => RequestBodies.PlatformRows([r]))]);
            await ClosedLoopLoad.Run(client, target, options.ReferenceConcurrency, options.JitWarmup, options.Warmup);

            quiet = await OpenLoopLoad.Run(client, target, Rate, options.Measure);
            Report("no upload", quiet);

            using var uploader = new HttpClient
            {
                BaseAddress = silo.BaseUri,
                Timeout = UploadTimeout,
                DefaultRequestHeaders = { Authorization = new("Bearer", BenchServers.AdminKey) },
            };
            using var uploaded = new CancellationTokenSource();
            var started = Stopwatch.GetTimestamp();
            var upload = Task.Run(async () =>
            {
                try
                {
                    return await new PlatformRestClient(uploader).RegisterVersion(spec.Name, large);
                }
                finally
                {
                    await uploaded.CancelAsync();
                }
            });
            busy = await OpenLoopLoad.Run(client, target, Rate, UploadTimeout, uploaded.Token);
            var registered = await upload;
            notes = Invariant($" The upload (version {registered}) took {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, during which {busy.Completed + busy.Failed} scoring requests were sent.");
            Report("during upload", busy);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException or HttpRequestException or TaskCanceledException)
        {
            missing = e.Message.Split(Environment.NewLine)[0];
            Console.WriteLine($"[upload] platform not available: {missing}");
        }
        finally
        {
            File.Delete(large);
        }

        Measurement Of(LoadResult? result, Func<LoadResult, double> metric) =>
            result is { Completed: > 0 } r ? Measurement.Of(metric(r)) : Measurement.NotAvailable(missing ?? "every request failed");
        var failures = (quiet?.Failed ?? 0) + (busy?.Failed ?? 0);
        var label = Invariant($"risk, {Rate:0} req/s, /api/v1 score while a 200 MB version uploads") + (failures > 0 ? Invariant($" ({failures} failed requests)") : "");
        return new ResultSection(Section, baseline, method + notes,
        [
            new ResultRow(Section, label + ": p50", "µs", Of(busy, r => r.P50), Of(quiet, r => r.P50), Better.Lower),
            new ResultRow(Section, label + ": p99", "µs", Of(busy, r => r.P99), Of(quiet, r => r.P99), Better.Lower),
            new ResultRow(Section, label + ": p99.9", "µs", Of(busy, r => r.P999), Of(quiet, r => r.P999), Better.Lower),
        ]);
    }

    /// <summary>The model's entries plus one stored entry of random bytes, which ML.NET ignores when it loads the zip.</summary>
    private static void WritePadded(string model, string path, long paddingBytes)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using (var source = ZipFile.OpenRead(model))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }
        }
        using var padding = zip.CreateEntry("Padding/bytes.bin", CompressionLevel.NoCompression).Open();
        var chunk = new byte[1024 * 1024];
        new Random(17).NextBytes(chunk);
        for (var written = 0L; written < paddingBytes; written += chunk.Length)
        {
            padding.Write(chunk, 0, (int)Math.Min(chunk.Length, paddingBytes - written));
        }
    }

    private static void Report(string when, LoadResult result) =>
        Console.WriteLine(Invariant($"[upload] {when,-14} {result.Completed,6} scored  p50 {result.P50,7:0} µs  p99 {result.P99,7:0} µs  p99.9 {result.P999,7:0} µs  failed {result.Failed}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
