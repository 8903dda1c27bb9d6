using Microsoft.ML;
using Mle.Bench.Models;
using Mle.Bench.Requests;

namespace Mle.Bench.Cases;

/// <summary>
/// The memory baseline, measured in a fresh child process (the harness itself with <see cref="Option"/>)
/// so that nothing the harness did before skews the resident set: JIT the ML.NET path with one model,
/// then load the hot models with a prediction engine each, score a row with each, and report the growth.
/// </summary>
public static class RawMemoryProbe
{
    public const string Option = "--probe-raw-memory";
    private const double Mebibyte = 1024 * 1024;

    /// <summary>
    /// Runs the probe in a child process over <paramref name="modelPaths"/> and returns the growth in MiB of its
    /// resident set and of its live managed heap (heap size less fragmentation, after a full collection).
    /// </summary>
    public static async Task<(double Resident, double Managed)> Measure(IReadOnlyList<string> modelPaths, string scratchDirectory)
    {
        var list = Path.Combine(Directory.CreateDirectory(scratchDirectory).FullName, $"hot-models-{Environment.ProcessId}.txt");
        await File.WriteAllLinesAsync(list, modelPaths);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])[typeof(RawMemoryProbe).Assembly.Location, Option, list])
        {
            start.ArgumentList.Add(argument);
        }
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the memory probe.");
        var output = await child.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(5));
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        File.Delete(list);
        var values = output.Trim().Split(' ');
        return child.ExitCode == 0 && values.Length == 2
            && double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var resident)
            && double.TryParse(values[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var managed)
            ? (resident, managed)
            : throw new InvalidOperationException($"The memory probe failed with code {child.ExitCode}: {output}");
    }

    /// <summary>The child's side: prints the growth of its resident set and of its live managed heap, in MiB.</summary>
    public static int Run(string modelList)
    {
        var paths = File.ReadAllLines(modelList);
        var ml = new MLContext();
        var row = FeatureRow.RequestData(BenchmarkModels.Tiny).TinyInputs(1).Single();
        ml.Model.CreatePredictionEngine<TinyInput, BinaryPrediction>(ml.Model.Load(paths[0], out _)).Predict(row);
        var before = SettledWorkingSet();
        var managedBefore = LiveManagedBytes();
        var engines = paths.Select(path => ml.Model.CreatePredictionEngine<TinyInput, BinaryPrediction>(ml.Model.Load(path, out _))).ToList();
        engines.ForEach(engine => engine.Predict(row));
        var added = (SettledWorkingSet() - before) / Mebibyte;
        var managed = (LiveManagedBytes() - managedBefore) / Mebibyte;
        GC.KeepAlive(engines);
        Console.WriteLine(Invariant($"{added:0.0} {managed:0.0}"));
        return 0;
    }

    /// <summary>After the last (full) collection: the heap less its free space, as the silo's runtime metrics report it.</summary>
    private static long LiveManagedBytes()
    {
        var info = GC.GetGCMemoryInfo();
        return info.HeapSizeBytes - info.FragmentedBytes;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
