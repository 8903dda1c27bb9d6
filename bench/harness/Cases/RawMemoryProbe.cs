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

    /// <summary>Runs the probe in a child process over <paramref name="modelPaths"/> and returns the growth in MiB.</summary>
    public static async Task<double> Measure(IReadOnlyList<string> modelPaths, string scratchDirectory)
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
        return child.ExitCode == 0 && double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var added)
            ? added
            : throw new InvalidOperationException($"The memory probe failed with code {child.ExitCode}: {output}");
    }

    /// <summary>The child's side: prints the growth of its resident set in MiB.</summary>
    public static int Run(string modelList)
    {
        var paths = File.ReadAllLines(modelList);
        var ml = new MLContext();
        var row = FeatureRow.RequestData(BenchmarkModels.Tiny).TinyInputs(1).Single();
        ml.Model.CreatePredictionEngine<TinyInput, BinaryPrediction>(ml.Model.Load(paths[0], out _)).Predict(row);
        var before = SettledWorkingSet();
        var engines = paths.Select(path => ml.Model.CreatePredictionEngine<TinyInput, BinaryPrediction>(ml.Model.Load(path, out _))).ToList();
        engines.ForEach(engine => engine.Predict(row));
        var added = (SettledWorkingSet() - before) / Mebibyte;
        GC.KeepAlive(engines);
        Console.WriteLine(added.ToString("0.0", CultureInfo.InvariantCulture));
        return 0;
    }

    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
